// Writes ethers_txns.json: transactions signed by ethers.js v6, an implementation
// independent of Pel's, so that Pel's decoder, encoder, hashing and sender recovery
// are checked against someone else's reading of the specs.
//
// Usage (in tests/vectors/): npm install && node gen_txn_vectors.mjs
import { writeFileSync } from "node:fs";
import { Transaction, Wallet, toBeHex } from "ethers";

// A fixed, publicly known test key (never hold funds with it).
const kPrivateKey = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const wallet = new Wallet(kPrivateKey);

const accessList = [
  {
    address: "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae",
    storageKeys: [
      "0x0000000000000000000000000000000000000000000000000000000000000003",
      "0x0000000000000000000000000000000000000000000000000000000000000007",
    ],
  },
  { address: "0xbb9bc244d798123fde783fcc1c72d3bb8c189413", storageKeys: [] },
];

const cases = [
  {
    name: "legacy_eip155_transfer",
    tx: { type: 0, chainId: 1, nonce: 0, gasPrice: 20000000000n, gasLimit: 21000,
          to: "0x3535353535353535353535353535353535353535", value: 1000000000000000000n, data: "0x" },
  },
  {
    name: "legacy_eip155_large_chain_id_with_data",
    tx: { type: 0, chainId: 11155111, nonce: 300, gasPrice: 1500000007n, gasLimit: 100000,
          to: "0x000000000000000000000000000000000000dead", value: 0n,
          data: "0xa9059cbb000000000000000000000000" + "11".repeat(20) + "00".repeat(31) + "2a" },
  },
  {
    name: "legacy_pre_eip155_creation",
    tx: { type: 0, chainId: 0, nonce: 7, gasPrice: 1n, gasLimit: 90000, to: null, value: 0n,
          data: "0x6080604052348015600f57600080fd5b50" },
  },
  {
    name: "access_list_type1",
    tx: { type: 1, chainId: 1, nonce: 5, gasPrice: 30000000000n, gasLimit: 60000,
          to: "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae", value: 12345n, data: "0x00ff00",
          accessList },
  },
  {
    name: "access_list_type1_empty_list",
    tx: { type: 1, chainId: 5, nonce: 0, gasPrice: 0n, gasLimit: 21000,
          to: "0x0000000000000000000000000000000000000001", value: 0n, data: "0x", accessList: [] },
  },
  {
    name: "dynamic_fee_type2",
    tx: { type: 2, chainId: 1, nonce: 42, maxPriorityFeePerGas: 2000000000n,
          maxFeePerGas: 100000000000n, gasLimit: 120000,
          to: "0xbb9bc244d798123fde783fcc1c72d3bb8c189413", value: 10n ** 17n,
          data: "0xdeadbeef", accessList },
  },
  {
    name: "dynamic_fee_type2_creation_large_values",
    tx: { type: 2, chainId: 11155111, nonce: 9007199254740991, maxPriorityFeePerGas: 0n,
          maxFeePerGas: (1n << 255n) + 1n, gasLimit: 30000000, to: null,
          value: (1n << 256n) - 1n, data: "0x" + "00".repeat(40) + "01", accessList: [] },
  },
];

function fieldsOf(tx) {
  const f = {
    type: tx.type,
    chainId: tx.chainId.toString(),
    nonce: tx.nonce.toString(),
    gasLimit: tx.gasLimit.toString(),
    to: tx.to ? tx.to.toLowerCase() : null,
    value: toBeHex(tx.value),
    data: tx.data,
    yParity: tx.signature.yParity,
    r: tx.signature.r,
    s: tx.signature.s,
  };
  if (tx.type === 2) {
    f.maxPriorityFeePerGas = toBeHex(tx.maxPriorityFeePerGas);
    f.maxFeePerGas = toBeHex(tx.maxFeePerGas);
  } else {
    f.gasPrice = toBeHex(tx.gasPrice);
  }
  if (tx.type !== 0) {
    f.accessList = tx.accessList.map((e) => ({
      address: e.address.toLowerCase(),
      storageKeys: e.storageKeys,
    }));
  }
  if (tx.type === 0) {
    // The v that travels on the wire: EIP-155 folds the chain id in, pre-EIP-155 is 27/28.
    const y = BigInt(tx.signature.yParity);
    f.v = (tx.chainId === 0n ? 27n + y : tx.chainId * 2n + 35n + y).toString();
  }
  return f;
}

const vectors = [];
for (const { name, tx } of cases) {
  const unsigned = Transaction.from(tx);
  const signed = Transaction.from(await wallet.signTransaction(unsigned));
  vectors.push({
    name,
    raw: signed.serialized,
    hash: signed.hash,
    sender: signed.from.toLowerCase(),
    signingPayload: signed.unsignedSerialized,
    signingHash: signed.unsignedHash,
    fields: fieldsOf(signed),
  });
}

const out = {
  generator: "tests/vectors/gen_txn_vectors.mjs",
  library: "ethers " + (await import("ethers")).version,
  privateKey: kPrivateKey,
  address: wallet.address.toLowerCase(),
  transactions: vectors,
};
writeFileSync(new URL("./ethers_txns.json", import.meta.url), JSON.stringify(out, null, 2) + "\n");
console.log(`wrote ${vectors.length} transactions`);
