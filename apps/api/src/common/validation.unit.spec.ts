import { isPlainText } from './validation.js';

describe('isPlainText', () => {
  it('accepts Vietnamese text with tabs and newlines, in NFC or NFD', () => {
    for (const text of ['Kế hoạch thi đua năm 2027', 'Lý do:\n\ttrả lại', 'Sở Ngoại vụ'.normalize('NFD')])
      expect(isPlainText(text)).toBe(true);
  });

  it('refuses control characters and lone surrogates', () => {
    for (const text of ['a\u0000b', 'a\u001Bb', 'a\u007Fb', 'a\uD800b']) expect(isPlainText(text)).toBe(false);
  });

  it('refuses every bidirectional embedding, override and isolate, which make text read otherwise than it is stored', () => {
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(isPlainText(`Lý do ${String.fromCodePoint(code)}trả lại`)).toBe(false);
    }
  });

  it('accepts the invisible direction marks (LRM, RLM, ALM), which reorder no letters', () => {
    for (const mark of ['\u200E', '\u200F', '\u061C']) expect(isPlainText(`Sở${mark} Ngoại vụ`)).toBe(true);
  });
});
