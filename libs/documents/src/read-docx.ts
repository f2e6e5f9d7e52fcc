import mammoth from 'mammoth';
import { RefusedDocumentError } from './refused-document.js';
import { ArchiveTooLargeError, unzipWithin, type UnzipLimits } from './safe-unzip.js';

/**
 * What a .docx may hold. A long plan is a few hundred KB unpacked; these leave room for embedded images while keeping
 * what the reader builds from the XML well inside the import worker's heap. The compressed limit is the API's 3 MB.
 */
export const DOCX_LIMITS: UnzipLimits = { compressedBytes: 3_000_000, entries: 1_000, entryBytes: 10_000_000, totalBytes: 40_000_000 };

/** The parts of a .docx as mammoth reads them through its `file` input: already inflated, so never inflated again. */
interface DocxParts {
  exists(name: string): boolean;
  read(name: string, encoding?: string): Promise<string | Uint8Array>;
}

/** The text of a .docx, paragraph by paragraph, as the importer reads it (mammoth's raw text), unpacked within DOCX_LIMITS. */
export async function textOfDocx(file: Buffer): Promise<string> {
  const parts = await partsOf(file);
  const docx: DocxParts = {
    exists: (name) => parts.has(name),
    read: async (name, encoding) => {
      const part = parts.get(name)!;
      return encoding === 'base64' ? part.toString('base64') : encoding ? new TextDecoder(encoding).decode(part) : part;
    },
  };
  try {
    // mammoth's types declare only its path and buffer inputs; the `file` input is what both are opened into.
    return (await mammoth.extractRawText({ file: docx } as unknown as Parameters<typeof mammoth.extractRawText>[0])).value;
  } catch (error) {
    throw unreadable(error);
  }
}

async function partsOf(file: Buffer): Promise<Map<string, Buffer>> {
  try {
    return await unzipWithin(file, DOCX_LIMITS);
  } catch (error) {
    if (error instanceof ArchiveTooLargeError) throw new RefusedDocumentError('DOCX_TOO_LARGE', `The Word document is too large to read: ${error.message}`);
    throw unreadable(error);
  }
}

const unreadable = (error: unknown) =>
  new RefusedDocumentError('UNREADABLE_DOCX', `The file is not a Word document (.docx) that can be read: ${error instanceof Error ? error.message : String(error)}`);
