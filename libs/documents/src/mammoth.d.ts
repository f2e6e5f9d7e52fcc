// mammoth's own types (lib/index.d.ts) declare only its path, buffer and arrayBuffer inputs, and cannot be augmented
// (`export =` of a constant: TS2671). This declaration takes their place with the one function the project calls and
// the `file` input that read-docx.ts uses, the one mammoth opens the other inputs into (lib/unzip.js, openZip).
declare module 'mammoth' {
  namespace mammoth {
    /** A .docx's parts by name (e.g. "word/document.xml"), as mammoth reads them. */
    interface DocxParts {
      exists(name: string): boolean;
      read(name: string, encoding?: string): Promise<string | Uint8Array>;
    }
    type Input = { path: string } | { buffer: Buffer } | { arrayBuffer: ArrayBuffer } | { file: DocxParts };
    interface Message {
      type: 'warning' | 'error';
      message: string;
    }
    /** The document's raw text, paragraphs separated by blank lines. */
    function extractRawText(input: Input): Promise<{ value: string; messages: Message[] }>;
  }
  export = mammoth;
}
