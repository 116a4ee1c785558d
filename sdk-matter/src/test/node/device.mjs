// A matter.js virtual OnOff light for sdk-matter's interop tests. Configured by the environment:
//   STORAGE_DIR    a fresh, empty directory (a reused one is already commissioned and does not advertise)
//   PORT           operational UDP port, 0 for an ephemeral one (default 0)
//   PASSCODE, DISCRIMINATOR, VENDOR_ID, PRODUCT_ID   the onboarding values (defaults: 20202021, 3840, 0xFFF1, 0x8000)
//   RUN_MS         how long to run; 0 (default) runs until SIGTERM
//   LISTEN         "loopback" (default): the operational port listens on 127.0.0.1 and ::1 only, and the caller
//                  also sets MATTER_MDNS_NETWORKINTERFACE=lo so that nothing is announced beyond this machine;
//                  "interface": it listens on every address, for a controller that finds the device through mDNS
//                  on a multicast-capable interface (commissioning needs that: mDNS does not work on lo), with
//                  MATTER_MDNS_NETWORKINTERFACE naming that interface. Prints one line {"ready":true,"qrPairingCode":...,"manualPairingCode":...,
// "port":...} once started (matter.js logs go to stdout too: look for the line that starts with {"ready").
import { Environment, ServerNode, VendorId } from "@matter/main";
import { OnOffLightDevice } from "@matter/main/devices/on-off-light";

const env = process.env;
if (!env.STORAGE_DIR) {
  console.error("STORAGE_DIR is required (a fresh temporary directory)");
  process.exit(2);
}
Environment.default.vars.set("storage.path", env.STORAGE_DIR);

const listen = env.LISTEN ?? "loopback";
if (listen !== "loopback" && listen !== "interface") {
  console.error(`LISTEN must be "loopback" or "interface", got ${listen}`);
  process.exit(2);
}
const network = { port: Number(env.PORT ?? 0), ble: false };
if (listen === "loopback") {
  Object.assign(network, { listeningAddressIpv4: "127.0.0.1", listeningAddressIpv6: "::1" });
}

const node = await ServerNode.create({
  id: "light1",
  network,
  commissioning: { passcode: Number(env.PASSCODE ?? 20202021), discriminator: Number(env.DISCRIMINATOR ?? 3840) },
  productDescription: { name: "Test Light", deviceType: OnOffLightDevice.deviceType },
  basicInformation: {
    vendorName: "Microevent test", vendorId: VendorId(Number(env.VENDOR_ID ?? 0xfff1)), productName: "Light",
    productId: Number(env.PRODUCT_ID ?? 0x8000), serialNumber: "me-1", hardwareVersion: 1, softwareVersion: 1,
  },
});
await node.add(OnOffLightDevice, { id: "light" });
await node.start();
const { qrPairingCode, manualPairingCode } = node.state.commissioning.pairingCodes;
console.log(JSON.stringify({ ready: true, qrPairingCode, manualPairingCode, port: node.state.network.operationalPort }));

const runMs = Number(env.RUN_MS ?? 0);
if (runMs > 0) {
  setTimeout(async () => {
    await node.close();
    process.exit(0);
  }, runMs);
} else {
  process.on("SIGTERM", async () => {
    await node.close();
    process.exit(0);
  });
}
