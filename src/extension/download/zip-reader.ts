/** The zip reader lives in core (imports of .npz files use it too); re-exported for the download code. */
export { crc32, isSafeEntryName, readZipEntries, readZipEntry, ZipError, type ZipEntry } from '../../core/io/zip-reader';
