// Independent Merkle Patricia Trie roots for Pel's differential trie test.
//
// Reads one JSON document on stdin:
//   {"cases": [{"secure": false, "ops": [["0xkey", "0xvalue"], ["0xkey", null], ...]}, ...]}
// Each case starts from an empty trie and applies its ops in order: a hex value
// puts (an empty value deletes, as in Ethereum), null deletes. With "secure" the
// trie hashes keys with keccak-256. Prints each case's root as 0x-hex, one per line.
import { createMPT } from '@ethereumjs/mpt'

function hexToBytes(hex) {
  const digits = hex.startsWith('0x') ? hex.slice(2) : hex
  if (digits.length % 2 !== 0 || /[^0-9a-fA-F]/.test(digits)) {
    throw new Error(`bad hex: ${hex}`)
  }
  return Uint8Array.from(Buffer.from(digits, 'hex'))
}

async function readStdin() {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

async function rootOf(testCase) {
  const trie = await createMPT({ useKeyHashing: Boolean(testCase.secure) })
  for (const [key, value] of testCase.ops) {
    if (value === null) {
      await trie.del(hexToBytes(key))
    } else {
      await trie.put(hexToBytes(key), hexToBytes(value))
    }
  }
  return '0x' + Buffer.from(trie.root()).toString('hex')
}

const input = JSON.parse(await readStdin())
const lines = []
for (const testCase of input.cases) lines.push(await rootOf(testCase))
process.stdout.write(lines.join('\n') + '\n')
