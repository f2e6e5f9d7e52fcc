import {
  AlignmentType,
  convertMillimetersToTwip as mm,
  Document,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
  type IRunOptions,
  type ISpacingProperties,
} from 'docx';
import type { PlanBlock, PlanDocument, PlanSection } from './plan-document.js';

/** Decree 30/2020/NĐ-CP, Appendix I: A4, Times New Roman, margins 20 mm top and bottom, 30 mm left, 15 mm right. */
const FONT = 'Times New Roman';
const A4 = { width: 11906, height: 16838 }; // 210 × 297 mm in twips
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const points = (size: number) => size * 2; // docx sizes type in half-points
const BODY_SIZE = points(14);
const HEADER_SIZE = points(13);
const PARAGRAPH_GAP = 120; // 6 pt, the least Decree 30 allows between paragraphs
const SIGNATURE_ROOM = 1700; // about 3 cm for the signature and the seal

type RunFormat = Pick<IRunOptions, 'bold' | 'italics' | 'underline' | 'size'>;

/** The font is set on every run as well as by default, so that no style Word applies can swap it. */
const run = (text: string, format: RunFormat = {}) => new TextRun({ text, font: FONT, size: BODY_SIZE, ...format });

const centred = (text: string, format: RunFormat = {}, spacing?: ISpacingProperties) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing, children: [run(text, format)] });

const left = (text: string, format: RunFormat) => new Paragraph({ children: [run(text, format)] });

/** Body text: justified, the first line indented 1.27 cm. */
const body = (text: string, format: RunFormat = {}) =>
  new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: mm(12.7) },
    spacing: { after: PARAGRAPH_GAP, line: 288 },
    children: [run(text, format)],
  });

/** Side-by-side blocks without borders, as Decree 30 lays out the header and the closing. */
function twoColumns(rows: [Paragraph[], Paragraph[]][], leftShare: number): Table {
  const leftWidth = Math.round(TEXT_WIDTH * leftShare);
  const widths = [leftWidth, TEXT_WIDTH - leftWidth];
  const cell = (children: Paragraph[], i: number) => new TableCell({ width: { size: widths[i], type: WidthType.DXA }, children });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: TableBorders.NONE,
    rows: rows.map((cells) => new TableRow({ children: cells.map(cell) })),
  });
}

function header({ header: { authority, issuer, motto, number, placeAndDate } }: PlanDocument): Table {
  const belowMotto = { before: PARAGRAPH_GAP };
  return twoColumns(
    [
      [
        [...(authority ? [centred(authority, { size: HEADER_SIZE })] : []), centred(issuer, { size: HEADER_SIZE, bold: true })],
        [
          centred(motto[0], { size: HEADER_SIZE, bold: true }),
          centred(motto[1], { bold: true, underline: { type: UnderlineType.SINGLE } }),
        ],
      ],
      [[centred(number, { size: HEADER_SIZE }, belowMotto)], [centred(placeAndDate, { italics: true }, belowMotto)]],
    ],
    0.4,
  );
}

function titles({ kind, title }: PlanDocument): Paragraph[] {
  return [centred(kind, { bold: true }, { before: 480 }), centred(title, { bold: true }, { after: 360 })];
}

const block = ({ style, text }: PlanBlock) => body(text, { bold: style === 'heading' });

const section = ({ heading, blocks }: PlanSection) => [body(heading, { bold: true }), ...blocks.map(block)];

function closing({ recipients, signature }: PlanDocument): Table {
  const recipientLines = [
    left(recipients.heading, { bold: true, italics: true, size: points(12) }),
    ...recipients.items.map((text) => left(text, { size: points(11) })),
  ];
  const signatureLines = [
    centred(signature.title, { bold: true }),
    centred(signature.name, signature.placeholder ? { italics: true } : { bold: true }, { before: SIGNATURE_ROOM }),
  ];
  return twoColumns([[recipientLines, signatureLines]], 0.5);
}

/** The signed layout of the document, as a .docx file. */
export function renderDocx(doc: PlanDocument): Promise<Buffer> {
  const document = new Document({
    styles: { default: { document: { run: { font: FONT, size: BODY_SIZE, language: { value: 'vi-VN' } } } } },
    sections: [
      {
        properties: { page: { size: A4, margin: MARGIN } },
        children: [header(doc), ...titles(doc), body(doc.basis), ...doc.sections.flatMap(section), closing(doc)],
      },
    ],
  });
  return Packer.toBuffer(document);
}
