/**
 * CRC-32 (IEEE 802.3, as in gzip and ZIP). fflate's streaming Gunzip does not check the gzip
 * trailer, so a file cut inside its last 8 bytes or with flipped bits in stored blocks would
 * pass silently; checking the CRC ourselves catches both.
 */

const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

export class Crc32 {
  private crc = -1;

  update(bytes: Uint8Array): void {
    let crc = this.crc;
    for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    this.crc = crc;
  }

  /** The unsigned 32-bit checksum. */
  digest(): number {
    return (this.crc ^ -1) >>> 0;
  }
}

export function crc32(bytes: Uint8Array): number {
  const c = new Crc32();
  c.update(bytes);
  return c.digest();
}
