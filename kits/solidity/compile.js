#!/usr/bin/env node
// Compiles the Solidity kit with the pinned solc-js (package.json): optimizer on, 200 runs, EVM
// version Prague (what the devnode runs). Imports resolve from the repository root, so the
// market imports the exported interface abi/LossAbsorber.sol as it is. Writes to out/:
//   ExampleLendingMarket.json      { contractName, solc, abi, bytecode, deployedBytecode }
//   ExampleLendingMarket.abi.json  the ABI alone (what test/tests/kits.rs loads)
//   ExampleLendingMarket.bin       the creation bytecode as hex
// Exit status 1 with the compiler's messages on stderr on any error.
"use strict";

const fs = require("fs");
const path = require("path");

const here = __dirname;
const root = path.resolve(here, "..", "..");
const outDir = path.join(here, "out");
const SOURCE = "kits/solidity/ExampleLendingMarket.sol";
const NAME = "ExampleLendingMarket";

function fail(message) {
  process.stderr.write(`compile.js: ${message}\n`);
  process.exit(1);
}

let solc;
try {
  solc = require("solc");
} catch (e) {
  fail("solc is not installed: run `bash kits/install.sh`");
}

// Source units are named by their path from the repository root.
function findImports(name) {
  const file = path.join(root, name);
  return fs.existsSync(file) ? { contents: fs.readFileSync(file, "utf8") } : { error: `not found: ${name}` };
}

const input = {
  language: "Solidity",
  sources: { [SOURCE]: { content: fs.readFileSync(path.join(root, SOURCE), "utf8") } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "prague",
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const messages = output.errors || [];
const errors = messages.filter((e) => e.severity === "error");
for (const e of messages) {
  // The exported interface carries the SDK's SPDX id, which solc does not know: not ours to fix.
  if (e.severity !== "error" && e.sourceLocation && e.sourceLocation.file.startsWith("abi/")) continue;
  process.stderr.write(`${e.formattedMessage}\n`);
}
if (errors.length > 0) fail(`${errors.length} compiler error(s)`);

const c = output.contracts[SOURCE][NAME];
const artifact = {
  contractName: NAME,
  solc: solc.version(),
  abi: c.abi,
  bytecode: `0x${c.evm.bytecode.object}`,
  deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
};
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, `${NAME}.json`), JSON.stringify(artifact, null, 2) + "\n");
fs.writeFileSync(path.join(outDir, `${NAME}.abi.json`), JSON.stringify(c.abi, null, 2) + "\n");
fs.writeFileSync(path.join(outDir, `${NAME}.bin`), c.evm.bytecode.object + "\n");
process.stdout.write(`${NAME}: runtime ${c.evm.deployedBytecode.object.length / 2} B, solc ${artifact.solc}\n`);
