import mammoth from 'mammoth';
import { RefusedDocumentError } from './refused-document.js';
import { ArchiveTooLargeError, unzipWithin, type UnzipLimits } from './safe-unzip.js';

/**
 * What a .docx may hold. A long plan is a few hundred KB unpacked; these leave room for embedded images while keeping
 * what the reader builds from the XML well inside the import worker's heap. The compressed limit is the API's 3 MB.
 */
export const DOCX_LIMITS: UnzipLimits = { compressedBytes: 3_000_000, entries: 1_000, entryBytes: 10_000_000, totalBytes: 40_000_000 };

/** The text of a .docx, paragraph by paragraph, as the importer reads it (mammoth's raw text), unpacked within DOCX_LIMITS. */
export async function textOfDocx(file: Buffer): Promise<string> {
  const parts = await partsOf(file);
  // Already inflated within DOCX_LIMITS, so mammoth gets the parts through its `file` input and never inflates them again.
  const docx: mammoth.DocxParts = {
    exists: (name) => parts.has(name),
    read: async (name, encoding) => {
      const part = parts.get(name);
      if (part === undefined) throw new Error(`it has no part "${name}"`);
      return encoding === 'base64' ? part.toString('base64') : encoding ? new TextDecoder(encoding).decode(part) : part;
    },
  };
  try {
    return (await mammoth.extractRawText({ file: docx })).value;
  } catch (error) {
    throw unreadable(error);
  }
}

async function partsOf(file: Buffer): Promise<Map<string, Buffer>> {
  try {
    return await unzipWithin(file, DOCX_LIMITS);
  } catch (error) {
    if (error instanceof ArchiveTooLargeError)
      throw new RefusedDocumentError('DOCX_TOO_LARGE', `The Word document is too large to read: ${error.message}`);
    throw unreadable(error);
  }
}

const unreadable = (error: unknown) =>
  new RefusedDocumentError(
    'UNREADABLE_DOCX',
    `The file is not a Word document (.docx) that can be read: ${error instanceof Error ? error.message : String(error)}`,
  );
