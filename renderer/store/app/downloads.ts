/**
 * Where the store hands a file for the user to keep. Components never save files themselves:
 * they call a store action, which calls this (tests pass their own and record the files).
 */
export type FileDownload = (text: string, fileName: string, type: string) => void;

/** Saves text as a file through the browser's download (no file system access needed). */
export const browserDownload: FileDownload = (text, fileName, type) => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
};
