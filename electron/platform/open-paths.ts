/**
 * Files the OS hands the desktop app to open: on Windows and Linux as command-line arguments
 * (a double-clicked `.rerank.json`, "Open with", a second launch), on macOS as `open-file`
 * events. Only existing files of the kinds the app reads are kept; flags, the app's own path and
 * anything else on the command line are not files to open.
 */
import { statSync } from 'node:fs';
import path from 'node:path';

/** Workspaces, pipeline configs and document files: what a drop onto the window takes. */
const OPENABLE = /\.(rerank\.json|rerank\.ya?ml|json|ya?ml|jsonl|ndjson|txt|csv)$/i;

export function openablePaths(args: readonly string[], cwd: string): string[] {
  const paths: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-') || !OPENABLE.test(arg)) continue;
    const file = path.resolve(cwd, arg);
    try {
      if (statSync(file).isFile() && !paths.includes(file)) paths.push(file);
    } catch {
      // Not there: nothing to open.
    }
  }
  return paths;
}
