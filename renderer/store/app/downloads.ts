import { downloadText } from '../../components/download';

/** Where the store hands a file for the user to keep (the browser's download; tests record). */
export type FileDownload = (text: string, fileName: string, type: string) => void;

export const browserDownload: FileDownload = (text, fileName, type) =>
  downloadText(text, fileName, type);
