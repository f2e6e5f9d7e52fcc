import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** What an uploaded archive may hold. Sizes in bytes. */
export interface UnzipLimits {
  /** The archive as uploaded. */
  compressedBytes: number;
  /** Entries in the archive, directories included. */
  entries: number;
  /** What one entry inflates to. */
  entryBytes: number;
  /** What all entries inflate to together. */
  totalBytes: number;
}

/** An archive refused because it is, or unpacks to, more than its limits allow. */
export class ArchiveTooLargeError extends Error {
  override readonly name = 'ArchiveTooLargeError';
  constructor(
    readonly limit: keyof UnzipLimits,
    message: string,
  ) {
    super(message);
  }
}

/** Bytes that are not a zip archive yauzl can read (corrupt, truncated, or with sizes that lie). */
export class UnreadableArchiveError extends Error {
  override readonly name = 'UnreadableArchiveError';
}

const MB = 1_000_000;
const size = (bytes: number) => (bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${bytes} bytes`);

/**
 * The files of a zip archive, inflated in memory within `limits`. Inflated bytes are counted as they stream out and
 * inflation stops at the first byte over a limit: the sizes the archive declares are used only to refuse early, never
 * trusted to be small (yauzl's validateEntrySizes also fails an entry that inflates to more than it declared).
 */
export async function unzipWithin(archive: Buffer, limits: UnzipLimits): Promise<Map<string, Buffer>> {
  if (archive.length > limits.compressedBytes) {
    throw new ArchiveTooLargeError(
      'compressedBytes',
      `The file is ${size(archive.length)}; at most ${size(limits.compressedBytes)} is accepted`,
    );
  }
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(archive, { lazyEntries: true, validateEntrySizes: true, autoClose: false });
  } catch (error) {
    throw unreadable(error);
  }
  try {
    // yauzl reads exactly the entries the archive declares (then 'end'), so the declared count bounds the work.
    if (zip.entryCount > limits.entries) {
      throw new ArchiveTooLargeError('entries', `The file holds ${zip.entryCount} parts; at most ${limits.entries} are accepted`);
    }
    const files = new Map<string, Buffer>();
    let total = 0;
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      if (entry.fileName.endsWith('/')) continue;
      const tooLarge = () =>
        new ArchiveTooLargeError(
          'entryBytes',
          `The file's part "${entry.fileName}" unpacks to more than ${size(limits.entryBytes)}; at most ${size(limits.entryBytes)} is accepted`,
        );
      if (entry.uncompressedSize > limits.entryBytes) throw tooLarge();
      const chunks: Buffer[] = [];
      let bytes = 0;
      try {
        // Leaving the loop by a throw destroys the stream: inflation stops there.
        for await (const chunk of await zip.openReadStreamPromise(entry)) {
          // A stream without an encoding yields Buffers.
          const data = chunk as Buffer;
          bytes += data.length;
          total += data.length;
          if (bytes > limits.entryBytes) throw tooLarge();
          if (total > limits.totalBytes)
            throw new ArchiveTooLargeError(
              'totalBytes',
              `The file unpacks to more than ${size(limits.totalBytes)}; at most ${size(limits.totalBytes)} is accepted`,
            );
          chunks.push(data);
        }
      } catch (error) {
        throw error instanceof ArchiveTooLargeError ? error : unreadable(error);
      }
      files.set(entry.fileName, Buffer.concat(chunks));
    }
    return files;
  } finally {
    zip.close();
  }
}

/** The next entry of a lazyEntries archive, or null at its end. */
function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
    };
    const onEntry = (entry: Entry) => {
      settle();
      resolve(entry);
    };
    const onEnd = () => {
      settle();
      resolve(null);
    };
    const onError = (error: unknown) => {
      settle();
      reject(unreadable(error));
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

const unreadable = (error: unknown) =>
  error instanceof UnreadableArchiveError ? error : new UnreadableArchiveError(error instanceof Error ? error.message : String(error));
