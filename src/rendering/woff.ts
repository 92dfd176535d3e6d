import { inflateSync } from 'node:zlib';

/**
 * WOFF 1.0 → plain sfnt (TrueType/OpenType), per the W3C spec: the same tables, each inflated when compressed.
 * Chromium's fontconfig fallback needs real font files; Fontsource ships Sarabun as WOFF only.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const tag = woff.readUInt32BE(entry);
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const checksum = woff.readUInt32BE(entry + 16);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({ tag, checksum, data: compLength < origLength ? inflateSync(raw) : Buffer.from(raw) });
  }
  let searchRange = 1;
  let entrySelector = 0;
  while (searchRange * 2 <= numTables) {
    searchRange *= 2;
    entrySelector++;
  }
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange * 16, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange * 16, 10);
  let offset = header.length;
  const bodies: Buffer[] = [];
  tables
    .sort((a, b) => a.tag - b.tag)
    .forEach((table, i) => {
      header.writeUInt32BE(table.tag, 12 + i * 16);
      header.writeUInt32BE(table.checksum, 16 + i * 16);
      header.writeUInt32BE(offset, 20 + i * 16);
      header.writeUInt32BE(table.data.length, 24 + i * 16);
      const padded = Buffer.alloc((table.data.length + 3) & ~3);
      table.data.copy(padded);
      bodies.push(padded);
      offset += padded.length;
    });
  return Buffer.concat([header, ...bodies]);
}
