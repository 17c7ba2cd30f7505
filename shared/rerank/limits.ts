/** Request limits enforced by every host (desktop, web, CLI, server) through one validator. */
export const MAX_DOCUMENTS = 10_000;
/** Whole-request size cap: 20 MB of UTF-8 text. */
export const MAX_REQUEST_BYTES = 20 * 1024 * 1024;
export const MAX_INSTRUCTION_CHARS = 20_000;
export const MAX_COLUMNS = 16;
