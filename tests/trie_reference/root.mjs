// Independent Merkle Patricia Trie roots for Pel's differential trie test.
//
// Reads one JSON document on stdin:
//   {"cases": [{"secure": false, "replay": true,
//               "ops": [["0xkey", "0xvalue"], ["0xkey", null], ...]}, ...]}
// A hex value puts (an empty value deletes, as in Ethereum), null deletes. With
// "secure" the trie hashes keys with keccak-256. With "replay" the ops run in
// order on one trie, deletes included; without it only the contents they leave
// are inserted into a fresh trie. (@ethereumjs/mpt 10.1.3 deletes wrongly when
// one key is a prefix of another, ethereumjs-monorepo issue #2347, so cases with
// such keys must not replay.) Prints each case's root as 0x-hex, one per line.
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

// The contents the ops leave, by key (insertion order kept).
function finalContents(ops) {
  const contents = new Map()
  for (const [key, value] of ops) {
    const normalized = key.toLowerCase()
    if (value === null || hexToBytes(value).length === 0) {
      contents.delete(normalized)
    } else {
      contents.set(normalized, value)
    }
  }
  return [...contents.entries()]
}

async function rootOf(testCase) {
  const trie = await createMPT({ useKeyHashing: Boolean(testCase.secure) })
  const ops = testCase.replay ? testCase.ops : finalContents(testCase.ops)
  for (const [key, value] of ops) {
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
