import mammoth from 'mammoth';

/** A file that is not a Word document (.docx) the reader can open. */
export class UnreadableDocumentError extends Error {
  override readonly name = 'UnreadableDocumentError';
}

/** The text of a .docx, paragraph by paragraph, as the importer reads it (mammoth's raw text). */
export async function textOfDocx(file: Buffer): Promise<string> {
  try {
    return (await mammoth.extractRawText({ buffer: file })).value;
  } catch (error) {
    throw new UnreadableDocumentError(`The file is not a Word document (.docx) that can be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}
