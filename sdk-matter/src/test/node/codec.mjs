// matter.js's own onboarding codecs, for sdk-matter's interop tests.
// Reads a JSON array of requests from stdin, writes a JSON array of answers (same order) to stdout,
// one process for all of them (importing matter.js takes about a second).
//   {"op":"decodeQr","code":"MT:..."}            -> [{version,vendorId,productId,flowType,discoveryCapabilities,discriminator,passcode,tlvData(hex)}]
//   {"op":"encodeQr","payloads":[{...as above}]} -> "MT:..."
//   {"op":"decodeManual","code":"3497-011-2332"} -> {shortDiscriminator,passcode,vendorId?,productId?}
//   {"op":"encodeManual","data":{discriminator,passcode[,vendorId,productId][,flowType]}} -> "34970112332"
//   {"op":"decodeTlv","hex":"15..18"}             -> {serialNumber?,pbkdfIterations?,pbkdfSalt(hex)?,numberOfDevices?,commissioningTimeout?}
// Each answer is {"ok":true,"result":...} or {"ok":false,"error":"<Name>: <message>"}.
import { readFileSync } from "node:fs";
import { Bytes } from "@matter/general";
import { ManualPairingCodeCodec, QrPairingCodeCodec } from "@matter/types";

const hex = (bytes) => (bytes === undefined ? undefined : Bytes.toHex(bytes));
const unhex = (text) => (text === undefined || text === null || text === "" ? undefined : Bytes.fromHex(text));

function answer(req) {
  switch (req.op) {
    case "decodeQr":
      return QrPairingCodeCodec.decode(req.code).map((p) => ({ ...p, tlvData: hex(p.tlvData) }));
    case "encodeQr":
      return QrPairingCodeCodec.encode(req.payloads.map((p) => ({ ...p, tlvData: unhex(p.tlvData) })));
    case "decodeManual":
      return ManualPairingCodeCodec.decode(req.code);
    case "encodeManual":
      return ManualPairingCodeCodec.encode(req.data);
    case "decodeTlv": {
      const decoded = QrPairingCodeCodec.decodeTlvData(Bytes.fromHex(req.hex));
      return { ...decoded, serialNumber: decoded.serialNumber === undefined ? undefined : String(decoded.serialNumber),
        pbkdfSalt: hex(decoded.pbkdfSalt) };
    }
    default:
      throw new Error(`unknown op ${req.op}`);
  }
}

const requests = JSON.parse(readFileSync(0, "utf8"));
const answers = requests.map((req) => {
  try {
    return { ok: true, result: answer(req) };
  } catch (e) {
    return { ok: false, error: `${e?.name ?? "Error"}: ${e?.message ?? e}` };
  }
});
process.stdout.write(JSON.stringify(answers) + "\n");
