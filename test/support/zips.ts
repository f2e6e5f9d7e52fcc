import { zipSync } from 'fflate';

/** A zip of `files` (name → content), deflated at the highest level as a bomb would be. */
export const zipOf = (files: Record<string, string | Buffer>): Buffer =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([name, content]) => [name, Buffer.from(content)])), { level: 9 }));

/** A Word document (.docx) with `body` (WordprocessingML) as its body: enough of the format for mammoth to read it. */
export function docxOf(body: string | Buffer): Buffer {
  return zipOf({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': Buffer.concat([
      Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
      ),
      Buffer.from(body),
      Buffer.from('</w:body></w:document>'),
    ]),
  });
}

/** `lines` as WordprocessingML paragraphs. */
export const paragraphs = (lines: string[]): string =>
  lines
    .map((line) => `<w:p><w:r><w:t xml:space="preserve">${line.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`)
    .join('');

/** A .docx zip bomb: one paragraph of `bytes` of repeated text in word/document.xml, which deflates about a thousand to one. */
export const docxBomb = (bytes: number): Buffer =>
  docxOf(Buffer.concat([Buffer.from('<w:p><w:r><w:t>'), Buffer.alloc(bytes, 'Thi đua yêu nước. '), Buffer.from('</w:t></w:r></w:p>')]));

/**
 * `zip` with every entry declaring `declared` as its uncompressed size, in its local header and in the central directory
 * (walked record by record, as fflate writes them: sizes in the local headers, no data descriptors).
 */
export function withDeclaredSize(zip: Buffer, declared: number): Buffer {
  const lying = Buffer.from(zip);
  let at = 0;
  while (lying.readUInt32LE(at) === 0x04034b50) {
    lying.writeUInt32LE(declared, at + 22);
    at += 30 + lying.readUInt16LE(at + 26) + lying.readUInt16LE(at + 28) + lying.readUInt32LE(at + 18);
  }
  while (lying.readUInt32LE(at) === 0x02014b50) {
    lying.writeUInt32LE(declared, at + 24);
    at += 46 + lying.readUInt16LE(at + 28) + lying.readUInt16LE(at + 30) + lying.readUInt16LE(at + 32);
  }
  return lying;
}
