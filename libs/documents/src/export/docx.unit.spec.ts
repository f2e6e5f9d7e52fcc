import { mkdirSync, writeFileSync } from 'node:fs';
import { hierarchyAsOf } from '#domain';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { KH_119, SEED_UNIT_VERSIONS, SNGV_PLAN } from '../../../../test/support/seed-plans.js';
import { renderDocx } from './docx.js';
import { renderMarkdown } from './markdown.js';
import { buildPlanDocument } from './plan-document.js';

const units = hierarchyAsOf(SEED_UNIT_VERSIONS, SNGV_PLAN.issuedOn);
const doc = buildPlanDocument(SNGV_PLAN, {
  unitName: (code) => units.units.get(code)?.name,
  issuerKind: 'department',
  authority: 'UBND TỈNH HÀ TĨNH',
  parent: KH_119,
});
const nonEmptyLines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('the DOCX of a plan', () => {
  let buffer: Buffer;
  let lines: string[];
  beforeAll(async () => {
    buffer = await renderDocx(doc);
    mkdirSync(new URL('../../../../test-results/documents/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../../../../test-results/documents/sngv-plan.docx', import.meta.url), buffer);
    lines = nonEmptyLines((await mammoth.extractRawText({ buffer })).value);
  });

  it('reads back, paragraph for paragraph, as the Markdown preview', () => {
    expect(lines).toEqual(nonEmptyLines(renderMarkdown(doc)));
  });

  it('keeps the order of the document', () => {
    const expected = [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 45/KH-SNgV',
      'Hà Tĩnh, ngày 27 tháng 4 năm 2022',
      'KẾ HOẠCH',
      'Thực hiện Kế hoạch số 119/KH-UBND ngày 27/4/2022 của Hội đồng Thi đua – Khen thưởng tỉnh (UBND tỉnh) về việc Phát động phong trào thi đua “Toàn dân bảo vệ an ninh Tổ quốc” năm 2022, Sở Ngoại vụ xây dựng Kế hoạch thực hiện như sau:',
      'I. MỤC ĐÍCH, YÊU CẦU',
      'II. CHỈ TIÊU VÀ KHEN THƯỞNG',
      '- Ít nhất 15% CBCCVC đạt danh hiệu Chiến sĩ thi đua cơ sở.',
      '- Giấy khen của Giám đốc Sở: 02 tập thể; 02 cá nhân.',
      'III. THỜI GIAN THỰC HIỆN',
      '- Đề nghị khen thưởng: hết ngày 30/11/2022.',
      'IV. TỔ CHỨC THỰC HIỆN',
      'Nơi nhận:',
      '- Hội đồng Thi đua – Khen thưởng tỉnh (UBND tỉnh) (để b/c);',
      '- Phòng Quản lý biên giới (để t/h);',
      '- Lưu: VT.',
      'GIÁM ĐỐC',
      'Phạm Thị Anh Thư',
    ];
    const positions = expected.map((line) => lines.indexOf(line));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('is an A4 Word document set in Times New Roman', () => {
    const documentXml = strFromU8(unzipSync(new Uint8Array(buffer))['word/document.xml']);
    expect(documentXml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(documentXml).toContain('w:ascii="Times New Roman"');
  });
});
