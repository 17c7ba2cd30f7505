/**
 * The app's settings, saved by the host in the data folder (`settings.json`). Unknown fields
 * are dropped on read, and a missing or broken value falls back to its default, so a settings
 * file from another version never stops the app.
 */
import { z } from 'zod';

/** The Theme setting's choices. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const AppSettings = z.object({
  /** `system` follows the OS (prefers-color-scheme); the others force one. */
  theme: z.enum(THEMES).catch('system'),
});
export type AppSettings = z.output<typeof AppSettings>;

export const DEFAULT_SETTINGS: AppSettings = { theme: 'system' };
