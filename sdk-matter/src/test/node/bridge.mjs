// A small Matter Server for sdk-matter's end-to-end test: a matter.js 0.17 controller (a ServerNode that
// commissions through peers.commission) behind the Matter Server WebSocket API (python-matter-server /
// matterjs-server envelope), for the commands the SDK's MatterClient uses: server_info (also sent on connect),
// start_listening, get_nodes, get_node, commission_with_code, device_command (OnOff On/Off/Toggle),
// read_attribute (concrete paths, from the controller's subscription-fed state), remove_node, ping_node.
// Anything else answers error 9. Events: node_added, node_removed and attribute_updated for every attribute of a
// commissioned node. Node ids are assigned above 2^63 (unsigned 64-bit on the wire, as raw JSON numbers).
//
// Configured by the environment:
//   STORAGE_DIR                    a fresh, empty directory for the controller's fabric
//   WS_PORT                        the WebSocket port on 127.0.0.1, 0 for an ephemeral one (default 0)
//   MATTER_MDNS_NETWORKINTERFACE   the multicast-capable interface discovery uses (mDNS does not work on lo)
// Prints one line {"ready":true,"port":...} once listening (matter.js logs go to stdout too).
import { ClusterBehavior, Environment, NodeId, Seconds, ServerNode } from "@matter/main";
import { OnOffClient } from "@matter/main/behaviors/on-off";
import { FabricAuthority } from "@matter/main/protocol";
import { QrPairingCodeCodec } from "@matter/main/types";
import { randomBytes } from "node:crypto";
import { WebSocketServer } from "ws";

const env = process.env;
if (!env.STORAGE_DIR) {
  console.error("STORAGE_DIR is required (a fresh temporary directory)");
  process.exit(2);
}
Environment.default.vars.set("storage.path", env.STORAGE_DIR);

const SCHEMA = 13;
const controller = await ServerNode.create({
  id: "bridge-controller",
  network: { port: 0, ble: false },
  commissioning: { enabled: false },
  controller: { ble: false },
});
await controller.start();

/** Commissioned nodes by node id (bigint). */
const nodes = new Map();
/** Open WebSocket connections that called start_listening. */
const listening = new Set();

// ------------------------------------------------------------------ JSON with unsigned 64-bit numbers

/** JSON text where bigints are raw decimal numbers, as the Python server writes them. */
function toJson(value) {
  const big = [];
  const text = JSON.stringify(value, (_k, v) => {
    if (typeof v === "bigint") {
      if (v >= -9007199254740991n && v <= 9007199254740991n) return Number(v);
      big.push(v.toString());
      return `__big${big.length - 1}__`;
    }
    if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
    return v;
  });
  return text.replace(/"__big(\d+)__"/g, (_m, i) => big[Number(i)]);
}

/** JSON.parse that keeps integers beyond 2^53 exact (as strings, read with BigInt where needed). */
function fromJson(text) {
  return JSON.parse(text.replace(/([:[,]\s*)(\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

function unsignedNodeId(raw) {
  const id = BigInt(raw);
  if (id <= 0n || id >= 1n << 64n) throw new ServerError(8, `node_id ${raw} is not an unsigned 64-bit id`);
  return id;
}

class ServerError extends Error {
  constructor(code, details) {
    super(details);
    this.code = code;
  }
}

// ------------------------------------------------------------------ node data in the server's format

/** A value in the server's format: structs keyed by field id where the TLV schema names them. */
function wireValue(value, schema) {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean" || typeof value === "string") {
    return value;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  const inner = schema?.schema ?? schema; // a nullable wrapper holds the real schema
  if (Array.isArray(value)) return value.map(v => wireValue(v, inner?.elementSchema));
  if (typeof value === "object") {
    const fields = inner?.fieldDefinitions;
    const out = {};
    for (const [name, v] of Object.entries(value)) {
      const field = fields?.[name];
      out[field?.id !== undefined ? String(field.id) : name] = wireValue(v, field?.schema);
    }
    return out;
  }
  return null;
}

function eachAttribute(client, visit) {
  for (const endpoint of client.endpoints) {
    for (const behavior of endpoint.behaviors.active ?? []) {
      if (!ClusterBehavior.is(behavior)) continue;
      const cluster = behavior.cluster;
      for (const name in cluster.attributes) {
        const attribute = cluster.attributes[name];
        if (attribute) visit(endpoint, behavior, cluster, name, attribute);
      }
    }
  }
}

function nodeData(id) {
  const entry = nodes.get(id);
  if (!entry) throw new ServerError(5, `Node ${id} does not exist`);
  const attributes = {};
  eachAttribute(entry.client, (endpoint, behavior, cluster, name, attribute) => {
    attributes[`${endpoint.number}/${cluster.id}/${attribute.id}`] =
      wireValue(endpoint.stateOf(behavior)[name], attribute.schema);
  });
  const aggregator = attributes["1/29/0"];
  return {
    node_id: id,
    date_commissioned: entry.commissioned,
    last_interview: entry.commissioned,
    interview_version: 6,
    available: entry.client.lifecycle.isOnline,
    is_bridge: Array.isArray(aggregator) && aggregator.some(t => t?.["0"] === 14),
    attributes,
    attribute_subscriptions: [],
  };
}

function broadcast(event, data) {
  const text = toJson({ event, data });
  for (const ws of listening) ws.send(text);
}

function serverInfo() {
  const fabric = controller.env.get(FabricAuthority).fabrics[0];
  const compressed = fabric ? BigInt("0x" + Buffer.from(fabric.operationalId).toString("hex")) : 0n;
  return {
    fabric_id: fabric ? BigInt(fabric.fabricId) : 0n,
    compressed_fabric_id: compressed,
    schema_version: SCHEMA,
    min_supported_schema_version: 11,
    sdk_version: "microevent-e2e-bridge (matter.js 0.17)",
    wifi_credentials_set: false,
    thread_credentials_set: false,
    bluetooth_enabled: false,
  };
}

// ------------------------------------------------------------------ commands

async function commission(args) {
  const code = String(args?.code ?? "");
  // An operational node id above 2^63 (and below the reserved range from 0xFFFFFFF0_00000000).
  const random = BigInt("0x" + randomBytes(8).toString("hex"));
  const nodeId = (1n << 63n) | (random & 0x3fffffffffffffffn);
  const options = { timeout: Seconds(240), nodeId: NodeId(nodeId) };
  if (code.startsWith("MT:")) {
    const [payload] = QrPairingCodeCodec.decode(code);
    Object.assign(options, { passcode: payload.passcode, longDiscriminator: payload.discriminator });
  } else if (/^\d{11}(\d{10})?$/.test(code)) {
    options.pairingCode = code;
  } else {
    throw new ServerError(8, "code must be a QR code (MT:...) or 11/21 manual digits");
  }
  let client;
  try {
    client = await controller.peers.commission(options);
  } catch (e) {
    throw new ServerError(1, `Commission with code failed: ${e?.message ?? e}`);
  }
  const id = BigInt(client.peerAddress?.nodeId ?? nodeId);
  nodes.set(id, { client, commissioned: new Date().toISOString().replace("Z", "") });
  eachAttribute(client, (endpoint, behavior, cluster, name, attribute) => {
    const changed = endpoint.eventsOf(behavior)?.[`${name}$Changed`];
    changed?.on(value => broadcast("attribute_updated",
      [id, `${endpoint.number}/${cluster.id}/${attribute.id}`, wireValue(value, attribute.schema)]));
  });
  const data = nodeData(id);
  broadcast("node_added", data);
  return data;
}

async function deviceCommand(args) {
  const entry = nodes.get(unsignedNodeId(args?.node_id));
  if (!entry) throw new ServerError(5, `Node ${args?.node_id} does not exist`);
  if (Number(args.cluster_id) !== 6) throw new ServerError(0, `this bridge only sends OnOff commands, not cluster ${args.cluster_id}`);
  const name = String(args.command_name ?? "").toLowerCase();
  if (!["on", "off", "toggle"].includes(name)) throw new ServerError(0, `unknown OnOff command ${args.command_name}`);
  const endpoint = entry.client.endpoints.require(Number(args.endpoint_id));
  await endpoint.commandsOf(OnOffClient)[name]();
  return null;
}

function readAttribute(args) {
  const id = unsignedNodeId(args?.node_id);
  const data = nodeData(id);
  const paths = Array.isArray(args.attribute_path) ? args.attribute_path : [args.attribute_path];
  const result = {};
  for (const path of paths) {
    if (!/^\d+\/\d+\/\d+$/.test(String(path))) throw new ServerError(8, `this bridge reads concrete paths only, got ${path}`);
    if (path in data.attributes) result[path] = data.attributes[path];
  }
  if (Object.keys(result).length === 0) throw new ServerError(0, "Failed to read attribute: no values returned");
  return result;
}

async function removeNode(args) {
  const id = unsignedNodeId(args?.node_id);
  const entry = nodes.get(id);
  if (!entry) throw new ServerError(5, `Node ${id} does not exist`);
  await entry.client.decommission();
  nodes.delete(id);
  broadcast("node_removed", id);
  return null;
}

async function run(ws, command, args) {
  switch (command) {
    case "server_info": return serverInfo();
    case "start_listening": listening.add(ws); return [...nodes.keys()].map(nodeData);
    case "get_nodes": return [...nodes.keys()].map(nodeData).filter(n => !args?.only_available || n.available);
    case "get_node": return nodeData(unsignedNodeId(args?.node_id));
    case "commission_with_code": return commission(args);
    case "device_command": return deviceCommand(args);
    case "read_attribute": return readAttribute(args);
    case "remove_node": return removeNode(args);
    case "ping_node": {
      const data = nodeData(unsignedNodeId(args?.node_id));
      return { [String(nodes.get(BigInt(data.node_id))?.client.peerAddress?.nodeId ?? "node")]: data.available };
    }
    default: throw new ServerError(9, `Invalid command: ${command}`);
  }
}

// ------------------------------------------------------------------ the WebSocket server

const wss = new WebSocketServer({ host: "127.0.0.1", port: Number(env.WS_PORT ?? 0), path: "/ws" });
wss.on("connection", ws => {
  ws.send(toJson(serverInfo()));
  ws.on("message", async raw => {
    let message;
    try {
      message = fromJson(raw.toString());
    } catch {
      ws.close(1003, "invalid JSON");
      return;
    }
    const id = message.message_id;
    try {
      const result = await run(ws, String(message.command ?? ""), message.args ?? {});
      ws.send(toJson({ message_id: id, result }));
    } catch (e) {
      const code = e instanceof ServerError ? e.code : 0;
      ws.send(toJson({ message_id: id, error_code: code, details: String(e?.message ?? e) }));
    }
  });
  ws.on("close", () => listening.delete(ws));
});
wss.on("listening", () => console.log(JSON.stringify({ ready: true, port: wss.address().port })));

async function shutdown() {
  setTimeout(() => process.exit(0), 5000).unref();
  wss.close();
  await controller.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
