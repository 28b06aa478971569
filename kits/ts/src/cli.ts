// backstop-kit: the client from the command line.
//   BACKSTOP_MANIFEST=deployments/412346.json BACKSTOP_PRIVATE_KEY=0x… \
//     npx tsx src/cli.ts status | deposit <base units> | cooldown | redeem [shares]
// (BACKSTOP_RPC_URL defaults to http://127.0.0.1:8547.) A refusal prints one line and exits 1.
import { Backstop, optionsFromEnv } from "./backstop.ts";

const [command = "status", arg] = process.argv.slice(2);
const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x), 2);

try {
  const b = new Backstop(optionsFromEnv());
  switch (command) {
    case "status":
      console.log(json(await b.status()));
      break;
    case "deposit":
      if (!arg) throw new Error("deposit needs an amount in base units");
      console.log(`shares minted: ${await b.deposit(BigInt(arg))}`);
      break;
    case "cooldown":
      await b.cooldown();
      console.log(json((await b.status()).cooldown));
      break;
    case "redeem":
      console.log(`assets received: ${await b.redeem(arg ? BigInt(arg) : undefined)}`);
      break;
    default:
      throw new Error(`unknown command ${command} (status, deposit, cooldown, redeem)`);
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
