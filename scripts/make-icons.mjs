// Draws the tray icons (a status dot on transparent ground, 16 and 32 px) as PNG files in resources/.
// Run once when the colours change: `node scripts/make-icons.mjs`. No image library needed.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const colours = {
  critical: [220, 38, 38],
  warning: [217, 119, 6],
  healthy: [22, 163, 74],
  excellent: [37, 99, 235],
  unknown: [100, 116, 139]
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

function png(size, [r, g, b]) {
  const rows = []
  const centre = (size - 1) / 2
  const radius = size * 0.4
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4)
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - centre, y - centre)
      // Anti-aliased edge: full inside, fading over one pixel.
      const alpha = Math.max(0, Math.min(1, radius + 0.5 - d))
      row.set([r, g, b, Math.round(alpha * 255)], 1 + x * 4)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0))
  ])
}

for (const [name, colour] of Object.entries(colours)) {
  writeFileSync(new URL(`../resources/tray-${name}.png`, import.meta.url), png(16, colour))
  writeFileSync(new URL(`../resources/tray-${name}@2x.png`, import.meta.url), png(32, colour))
}
