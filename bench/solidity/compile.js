#!/usr/bin/env node
// Compiles the Solidity baselines of the gas benchmark with the pinned solc-js (package.json),
// optimizer on with 200 runs, for the EVM version the devnode runs (Prague), and writes one
// artifact per deployable contract to out/ (gitignored):
//   out/<Name>.json  { contractName, sourceName, abi, bytecode, deployedBytecode }
//   out/<Name>.bin   the creation bytecode as hex (what gas_bench deploys)
//   out/build-info.json  compiler version and settings
// Exit status 1 with one line on stderr on any compiler error.
"use strict";

const fs = require("fs");
const path = require("path");

const here = __dirname;
const outDir = path.join(here, "out");

function fail(message) {
  process.stderr.write(`compile.js: ${message}\n`);
  process.exit(1);
}

let solc;
try {
  solc = require("solc");
} catch (e) {
  fail("solc is not installed: run `npm ci` in bench/solidity (or bench/gas.sh)");
}

// Deployable contracts: [source file, contract name].
const TARGETS = [
  ["contracts/BenchToken.sol", "BenchToken"],
  ["contracts/BenchTarget.sol", "BenchTarget"],
  ["contracts/OZVault.sol", "OZVault"],
  ["contracts/BaselineBackstop.sol", "BaselineVault"],
  ["contracts/BaselineBackstop.sol", "BaselineAbsorber"],
  ["@openzeppelin/contracts/governance/TimelockController.sol", "TimelockController"],
];

const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "prague",
  outputSelection: {
    "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] },
  },
};

function readSource(name) {
  const local = path.join(here, name);
  if (fs.existsSync(local)) return fs.readFileSync(local, "utf8");
  const pkg = path.join(here, "node_modules", name);
  if (fs.existsSync(pkg)) return fs.readFileSync(pkg, "utf8");
  return null;
}

const sources = {};
for (const [file] of TARGETS) {
  const content = readSource(file);
  if (content === null) fail(`source not found: ${file}`);
  sources[file] = { content };
}

function findImports(name) {
  const content = readSource(name);
  return content === null ? { error: `not found: ${name}` } : { contents: content };
}

const input = { language: "Solidity", sources, settings: SETTINGS };
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === "error");
if (errors.length > 0) {
  for (const e of errors) process.stderr.write(`${e.formattedMessage}\n`);
  fail(`${errors.length} compiler error(s)`);
}
for (const w of output.errors || []) {
  if (w.severity !== "error") process.stderr.write(`warning: ${w.message} (${w.sourceLocation ? w.sourceLocation.file : "?"})\n`);
}

fs.mkdirSync(outDir, { recursive: true });
for (const [file, name] of TARGETS) {
  const c = output.contracts && output.contracts[file] && output.contracts[file][name];
  if (!c) fail(`no output for ${file}:${name}`);
  const bytecode = c.evm.bytecode.object;
  const deployed = c.evm.deployedBytecode.object;
  if (!bytecode) fail(`${name} has no bytecode (abstract?)`);
  const artifact = {
    contractName: name,
    sourceName: file,
    abi: c.abi,
    bytecode: `0x${bytecode}`,
    deployedBytecode: `0x${deployed}`,
  };
  fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(artifact, null, 2) + "\n");
  fs.writeFileSync(path.join(outDir, `${name}.bin`), bytecode + "\n");
  process.stdout.write(
    `${name.padEnd(20)} runtime ${String(deployed.length / 2).padStart(6)} B  (${file})\n`
  );
}
const ozVersion = require(path.join(here, "node_modules/@openzeppelin/contracts/package.json")).version;
const info = {
  solc: solc.version(),
  openzeppelinContracts: ozVersion,
  settings: { optimizer: SETTINGS.optimizer, evmVersion: SETTINGS.evmVersion },
};
fs.writeFileSync(path.join(outDir, "build-info.json"), JSON.stringify(info, null, 2) + "\n");
process.stdout.write(`solc ${info.solc}, @openzeppelin/contracts ${ozVersion}, optimizer runs 200, evm ${SETTINGS.evmVersion} -> ${path.relative(process.cwd(), outDir) || "."}\n`);
