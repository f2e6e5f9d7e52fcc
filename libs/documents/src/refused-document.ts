/** Why a document is refused; the API answers with the code (see the documents service for each one's status). */
export type DocumentRefusal = 'UNREADABLE_DOCX' | 'DOCX_TOO_LARGE' | 'EMPTY_DOCUMENT';

/** A document refused for what it is, with a message that says why, for the person who sent it. */
export class RefusedDocumentError extends Error {
  override readonly name = 'RefusedDocumentError';
  constructor(
    readonly code: DocumentRefusal,
    message: string,
  ) {
    super(message);
  }
}
