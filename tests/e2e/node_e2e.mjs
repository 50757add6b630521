// End-to-end test of `pel run` with ethers.js v6: a fresh data directory, a free port,
// real transfers, fee accounting, the errors a client must be able to classify, and
// a restart on the same data directory.
//
//   node node_e2e.mjs <path to pel> <genesis.json>
//
// Exit status: 0 passed, 1 failed, 77 skipped (ethers not installed).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

let ethers;
try {
  ethers = await import('ethers');
} catch {
  console.log('SKIP: ethers is not installed (npm ci in tests/e2e)');
  process.exit(77);
}

const [pelBinary, genesisFile] = process.argv.slice(2);
if (!pelBinary || !genesisFile) {
  console.error('usage: node node_e2e.mjs <pel> <genesis.json>');
  process.exit(2);
}

const CHAIN_ID = 1337n;
const GWEI = 10n ** 9n;
const ETHER = 10n ** 18n;
const devKey = (n) => ethers.id(`pel dev account ${n}`);

let failures = 0;
function check(condition, what) {
  if (condition) {
    console.log(`ok   ${what}`);
  } else {
    failures += 1;
    console.log(`FAIL ${what}`);
  }
}
function checkEqual(actual, expected, what) {
  check(actual === expected, `${what}: ${actual} === ${expected}`);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A JSON-RPC call without ethers, to see codes and messages exactly.
async function rawCall(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, text, json };
}

class Node {
  constructor(datadir, port) {
    this.datadir = datadir;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.output = '';
  }

  async start() {
    this.process = spawn(pelBinary, [
      'run', '--datadir', this.datadir, '--genesis', genesisFile,
      '--http.port', String(this.port), '--block-time', '250ms', '--threads', '2',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.on('exit', (code, signal) => resolve({ code, signal })));
    this.process.stdout.on('data', (chunk) => { this.output += chunk; });
    this.process.stderr.on('data', (chunk) => { this.output += chunk; });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) break;
      try {
        const { json } = await rawCall(this.url, { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] });
        if (json && json.result) return;
      } catch {}
      await sleep(100);
    }
    throw new Error(`pel run did not start serving on ${this.url}:\n${this.output}`);
  }

  async stop() {
    this.process.kill('SIGTERM');
    const timeout = sleep(30_000).then(() => ({ code: 'timeout' }));
    const result = await Promise.race([this.exited, timeout]);
    if (result.code === 'timeout') this.process.kill('SIGKILL');
    return result;
  }
}

async function expectRejection(promise, expectedCode, messagePart, what) {
  try {
    await promise;
    check(false, `${what}: rejected`);
  } catch (error) {
    const message = [error.shortMessage ?? error.message, error.info?.error?.message, error.error?.message].filter(Boolean).join(' ');
    if (expectedCode) check(error.code === expectedCode, `${what}: ethers classifies it as ${expectedCode} (got ${error.code})`);
    if (messagePart) check(message.includes(messagePart), `${what}: message has "${messagePart}" (${message.trim()})`);
  }
}

async function main() {
  const datadir = fs.mkdtempSync(path.join(os.tmpdir(), 'pel-e2e-'));
  const node = new Node(datadir, await freePort());
  try {
    await node.start();
    const provider = new ethers.JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100, cacheTimeout: -1 });

    // Chain.
    const network = await provider._detectNetwork();
    checkEqual(network.chainId, CHAIN_ID, 'chain id');
    const startBlock = await provider.getBlockNumber();
    await sleep(800);
    check((await provider.getBlockNumber()) > startBlock, 'blocks are produced on the block time');

    const dev1 = new ethers.Wallet(devKey(1), provider);
    const dev2 = new ethers.Wallet(devKey(2), provider);
    const alice = ethers.Wallet.createRandom().connect(provider);
    const bob = ethers.Wallet.createRandom().connect(provider);

    // An EIP-1559 transfer from a dev account to a fresh wallet.
    const dev1Before = await provider.getBalance(dev1.address);
    const dev1Nonce = await provider.getTransactionCount(dev1.address);
    const fund = await dev1.sendTransaction({ to: alice.address, value: 5n * ETHER });
    checkEqual(fund.type, 2, 'default transaction type is EIP-1559');
    const fundReceipt = await fund.wait(1, 30_000);
    checkEqual(fundReceipt.status, 1, 'EIP-1559 transfer succeeds');
    checkEqual(fundReceipt.gasUsed, 21000n, 'a plain transfer uses 21000 gas');
    checkEqual(await provider.getBalance(alice.address), 5n * ETHER, 'recipient balance');
    checkEqual(await provider.getTransactionCount(dev1.address), dev1Nonce + 1, 'sender nonce advances');
    const fee = fundReceipt.gasUsed * fundReceipt.gasPrice;
    checkEqual(await provider.getBalance(dev1.address, fundReceipt.blockNumber), dev1Before - 5n * ETHER - fee,
      'sender pays value + gas used × effective gas price');

    // Fee accounting in the block: effective price = base fee + tip (capped), the base
    // fee is burned, the tip goes to the block's beneficiary.
    const block = await provider.getBlock(fundReceipt.blockNumber, true);
    check(block.transactions.includes(fund.hash), 'the block lists the transaction');
    const mined = await provider.getTransaction(fund.hash);
    const tip = mined.maxPriorityFeePerGas < mined.maxFeePerGas - block.baseFeePerGas
      ? mined.maxPriorityFeePerGas : mined.maxFeePerGas - block.baseFeePerGas;
    checkEqual(fundReceipt.gasPrice, block.baseFeePerGas + tip, 'effective gas price = base fee + tip');
    const receipts = await provider.send('eth_getBlockReceipts', [ethers.toQuantity(block.number)]);
    let tips = 0n;
    for (const r of receipts) tips += BigInt(r.gasUsed) * (BigInt(r.effectiveGasPrice) - block.baseFeePerGas);
    const minerDelta = (await provider.getBalance(block.miner, block.number)) - (await provider.getBalance(block.miner, block.number - 1));
    checkEqual(minerDelta, tips, 'the beneficiary receives exactly the tips');
    checkEqual(BigInt(receipts.at(-1).cumulativeGasUsed), block.gasUsed, 'block gas used = last cumulative gas');
    checkEqual(mined.blockHash, block.hash, 'transaction by hash carries its block hash');
    checkEqual(fundReceipt.blockHash, block.hash, 'receipt carries its block hash');
    const byNumber = await provider.send('eth_getBlockByNumber', [ethers.toQuantity(block.number), false]);
    const byHash = await provider.send('eth_getBlockByHash', [block.hash, false]);
    check(JSON.stringify(byNumber) === JSON.stringify(byHash), 'block by number equals block by hash');

    // A legacy transfer.
    const gasPrice = (await provider.getFeeData()).gasPrice;
    const legacy = await dev2.sendTransaction({ to: bob.address, value: ETHER, type: 0, gasPrice });
    const legacyReceipt = await legacy.wait(1, 30_000);
    checkEqual(legacyReceipt.status, 1, 'legacy transfer succeeds');
    checkEqual(legacyReceipt.type, 0, 'legacy receipt type');
    checkEqual(legacyReceipt.gasPrice, gasPrice, 'legacy effective gas price is its gas price');
    checkEqual(await provider.getBalance(bob.address), ETHER, 'legacy recipient balance');

    // From a wallet the test funded.
    const fromFresh = await alice.sendTransaction({ to: bob.address, value: ETHER / 2n });
    checkEqual((await fromFresh.wait(1, 30_000)).status, 1, 'a funded fresh wallet can send');
    checkEqual(await provider.getBalance(bob.address), ETHER + ETHER / 2n, 'balance after the fresh wallet paid');
    checkEqual(await provider.getTransactionCount(alice.address), 1, 'fresh wallet nonce');
    const estimate = await provider.estimateGas({ from: alice.address, to: bob.address, value: 1n });
    checkEqual(estimate, 21000n, 'eth_estimateGas of a transfer');

    // Bad cases: each gets the error a client classifies, and the node keeps serving.
    const feeData = await provider.getFeeData();
    const base = { chainId: CHAIN_ID, gasLimit: 21000n, maxFeePerGas: feeData.maxFeePerGas, maxPriorityFeePerGas: feeData.maxPriorityFeePerGas, type: 2 };
    const usedNonce = await dev1.signTransaction({ ...base, to: bob.address, value: 1n, nonce: 0 });
    await expectRejection(provider.broadcastTransaction(usedNonce), 'NONCE_EXPIRED', 'nonce too low', 'nonce too low');

    const pauper = ethers.Wallet.createRandom();
    const unfunded = await pauper.signTransaction({ ...base, to: bob.address, value: ETHER, nonce: 0 });
    await expectRejection(provider.broadcastTransaction(unfunded), 'INSUFFICIENT_FUNDS', 'insufficient funds', 'insufficient funds');

    const wrongChain = await dev1.signTransaction({ ...base, chainId: 5n, to: bob.address, value: 1n, nonce: await provider.getTransactionCount(dev1.address) });
    const wrongChainReply = await rawCall(node.url, { jsonrpc: '2.0', id: 7, method: 'eth_sendRawTransaction', params: [wrongChain] });
    checkEqual(wrongChainReply.json?.error?.code, -32000, 'wrong chain id: code');
    check(String(wrongChainReply.json?.error?.message).includes('chain id'), `wrong chain id: message (${wrongChainReply.json?.error?.message})`);

    // Underpriced replacement: a gapped nonce stays in the pool (queued), so the
    // replacement meets it there whatever the block timing.
    const gapNonce = (await provider.getTransactionCount(dev2.address)) + 5;
    const queued = await dev2.signTransaction({ ...base, to: bob.address, value: 1n, nonce: gapNonce });
    await provider.broadcastTransaction(queued);
    const status = await provider.send('txpool_status', []);
    check(BigInt(status.queued) >= 1n, `txpool_status counts the queued transaction (${JSON.stringify(status)})`);
    const replacement = await dev2.signTransaction({ ...base, to: bob.address, value: 2n, nonce: gapNonce });
    await expectRejection(provider.broadcastTransaction(replacement), 'REPLACEMENT_UNDERPRICED', 'replacement transaction underpriced', 'underpriced replacement');
    await expectRejection(provider.broadcastTransaction(queued), null, 'already known', 'the same transaction again');

    const malformed = await rawCall(node.url, { jsonrpc: '2.0', id: 8, method: 'eth_sendRawTransaction', params: ['0xf86b8085'] });
    check(malformed.json?.error && [-32000, -32602].includes(malformed.json.error.code), `malformed raw bytes: error ${JSON.stringify(malformed.json?.error)}`);
    const unknown = await rawCall(node.url, { jsonrpc: '2.0', id: 9, method: 'eth_noSuchMethod', params: [] });
    checkEqual(unknown.json?.error?.code, -32601, 'unknown method');
    const badParams = await rawCall(node.url, { jsonrpc: '2.0', id: 10, method: 'eth_getBalance', params: ['0x1234', 'latest'] });
    checkEqual(badParams.json?.error?.code, -32602, 'invalid params');
    const parseError = await rawCall(node.url, '{"jsonrpc":"2.0",');
    checkEqual(parseError.json?.error?.code, -32700, 'parse error');
    const oversized = await rawCall(node.url, JSON.stringify({ jsonrpc: '2.0', id: 11, method: 'eth_chainId', params: ['x'.repeat(6 * 1024 * 1024)] }));
    checkEqual(oversized.status, 413, 'oversized body is refused');
    const batch = await rawCall(node.url, [{ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }, { jsonrpc: '2.0', id: 2, method: 'net_version', params: [] }]);
    check(Array.isArray(batch.json) && batch.json.length === 2, 'batches are answered');
    checkEqual(await provider.getBlockNumber() > 0, true, 'the node still serves after the bad requests');

    // Restart on the same data directory.
    const headBefore = await provider.getBlockNumber();
    const aliceBalance = await provider.getBalance(alice.address, headBefore);
    const bobBalance = await provider.getBalance(bob.address, headBefore);
    provider.destroy();
    const stopped = await node.stop();
    checkEqual(stopped.code, 0, 'SIGTERM stops the node with status 0');

    await node.start();
    const again = new ethers.JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100, cacheTimeout: -1 });
    check((await again.getBlockNumber()) >= headBefore, 'the head survives a restart');
    checkEqual(await again.getBalance(alice.address, headBefore), aliceBalance, 'balances survive a restart');
    checkEqual(await again.getBalance(bob.address), bobBalance, 'nothing changed balances while stopped');
    const oldReceipt = await again.getTransactionReceipt(fund.hash);
    checkEqual(oldReceipt?.blockHash, fundReceipt.blockHash, 'receipts survive a restart');
    const resumed = await dev1.connect(again).sendTransaction({ to: bob.address, value: 3n });
    checkEqual((await resumed.wait(1, 30_000)).status, 1, 'production continues after the restart');
    checkEqual(await again.getBalance(bob.address), bobBalance + 3n, 'balance after the restart');
    again.destroy();
    checkEqual((await node.stop()).code, 0, 'second clean stop');
  } catch (error) {
    failures += 1;
    console.log(`FAIL ${error.stack ?? error}`);
    if (node.process && node.process.exitCode === null) node.process.kill('SIGKILL');
  } finally {
    if (failures > 0) console.log(`--- node output ---\n${node.output.slice(-4000)}`);
    fs.rmSync(datadir, { recursive: true, force: true });
  }
  console.log(failures === 0 ? 'PASS' : `${failures} check(s) failed`);
  process.exit(failures === 0 ? 0 : 1);
}

await main();
