import { randomBytes } from 'node:crypto';
import { withDeclaredSize, zipOf } from '../../../test/support/zips.js';
import { ArchiveTooLargeError, unzipWithin, UnreadableArchiveError, type UnzipLimits } from './safe-unzip.js';

const KB = 1000;
const MB = 1000 * KB;
const LIMITS: UnzipLimits = { compressedBytes: 64 * KB, entries: 4, entryBytes: 1 * MB, totalBytes: 2 * MB };
const repeated = (bytes: number) => Buffer.alloc(bytes, 'Thi đua yêu nước. ');

/** Which limit refused the archive (undefined when it was read). */
async function refusedBy(archive: Buffer, limits = LIMITS): Promise<keyof UnzipLimits | undefined> {
  try {
    await unzipWithin(archive, limits);
    return undefined;
  } catch (error) {
    if (error instanceof ArchiveTooLargeError) return error.limit;
    throw error;
  }
}

describe('unzipWithin: an archive is inflated only within its limits', () => {
  // 100 MB of text deflates to about 100 KB; built once, it takes seconds.
  let bomb: Buffer;
  beforeAll(() => {
    bomb = zipOf({ 'word/document.xml': repeated(100 * MB) });
  });

  it('reads an archive within every limit, entry by entry, directories left out', async () => {
    const files = await unzipWithin(zipOf({ 'a.txt': 'một', 'word/': '', 'word/b.xml': repeated(MB) }), LIMITS);
    expect([...files.keys()]).toEqual(['a.txt', 'word/b.xml']);
    expect(files.get('a.txt')!.toString()).toBe('một');
    expect(files.get('word/b.xml')!.equals(repeated(MB))).toBe(true);
  });

  it('refuses an archive larger than the compressed limit before reading it', async () => {
    const archive = zipOf({ 'noise.bin': randomBytes(80 * KB) });
    expect(archive.length).toBeGreaterThan(LIMITS.compressedBytes);
    await expect(unzipWithin(archive, LIMITS)).rejects.toThrow(`The file is ${archive.length} bytes; at most 64000 bytes is accepted`);
  });

  it('refuses more entries than the entry limit', async () => {
    const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`part-${i}.xml`, 'x']));
    expect(await refusedBy(zipOf(files))).toBe('entries');
    expect(await refusedBy(zipOf(Object.fromEntries(Object.entries(files).slice(0, 4))))).toBeUndefined();
  });

  it('stops inflating an entry at the entry limit: a 100 MB bomb of a few hundred KB is refused in well under a second', async () => {
    const limits = { ...LIMITS, compressedBytes: MB };
    expect(bomb.length).toBeLessThan(limits.compressedBytes);
    const started = performance.now();
    await expect(unzipWithin(bomb, limits)).rejects.toThrow(
      'The file\'s part "word/document.xml" unpacks to more than 1 MB; at most 1 MB is accepted',
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('stops at the total limit, although each entry is within its own', async () => {
    expect(await refusedBy(zipOf({ 'a.xml': repeated(MB), 'b.xml': repeated(MB), 'c.xml': repeated(MB) }))).toBe('totalBytes');
    expect(await refusedBy(zipOf({ 'a.xml': repeated(MB), 'b.xml': repeated(MB) }))).toBeUndefined();
  });

  it('does not trust a declared size: an entry declaring 100 bytes that inflates to 100 MB is refused while inflating', async () => {
    const lying = withDeclaredSize(bomb, 100);
    const started = performance.now();
    await expect(unzipWithin(lying, { ...LIMITS, compressedBytes: MB })).rejects.toThrow(UnreadableArchiveError);
    await expect(unzipWithin(lying, { ...LIMITS, compressedBytes: MB })).rejects.toThrow(/too many bytes in the stream/);
    expect(performance.now() - started).toBeLessThan(500);
    // Declaring more than the limit refuses it before inflating anything.
    expect(await refusedBy(withDeclaredSize(zipOf({ 'a.xml': 'short' }), 2 * MB))).toBe('entryBytes');
  });

  it('calls bytes that are not a zip archive unreadable', async () => {
    await expect(unzipWithin(Buffer.from('not a zip'), LIMITS)).rejects.toThrow(UnreadableArchiveError);
    const truncated = zipOf({ 'a.xml': repeated(MB) });
    await expect(unzipWithin(truncated.subarray(0, truncated.length - 30), LIMITS)).rejects.toThrow(UnreadableArchiveError);
  });
});
