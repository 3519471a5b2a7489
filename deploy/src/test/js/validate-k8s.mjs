// Validates Kubernetes manifests (YAML or JSON, several documents) against the schemas of the API they name, offline:
// the Kubernetes API (kubernetes-models), the Gateway API and Istio's (@kubernetes-models/*), all compiled from the
// published OpenAPI and CRD schemas. Kinds of the operators whose CRD schemas no reachable registry ships (CloudNativePG,
// Strimzi, the Keycloak Operator) are checked for their shape only here: apiVersion, kind, metadata.name and an object
// spec (KubernetesManifestsTests also reads Strimzi's with Strimzi's Java model).
// Usage: node validate-k8s.mjs TOOLS_NODE_MODULES FILE...   Exit 0 when all are valid; one line per problem otherwise.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const [modules, ...files] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const { parseAllDocuments } = require("yaml");

const k8s = {
  "v1": require("kubernetes-models/v1"),
  "apps/v1": require("kubernetes-models/apps/v1"),
  "policy/v1": require("kubernetes-models/policy/v1"),
  "autoscaling/v2": require("kubernetes-models/autoscaling/v2"),
  "gateway.networking.k8s.io/v1": require("@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1"),
  "networking.istio.io/v1beta1": require("@kubernetes-models/istio/networking.istio.io/v1beta1"),
};
const shapeOnly = {
  "postgresql.cnpg.io/v1": ["Cluster", "Database"],
  "kafka.strimzi.io/v1beta2": ["Kafka", "KafkaNodePool", "KafkaTopic"],
  "k8s.keycloak.org/v2alpha1": ["Keycloak", "KeycloakRealmImport"],
};

let problems = 0;
const problem = (where, message) => { problems++; console.log(`INVALID ${where}: ${message}`); };
let checked = 0;
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) { problem(file, doc.errors.map(e => e.message).join("; ")); continue; }
    const o = doc.toJS();
    if (o == null) continue;
    const where = `${o.kind}/${o.metadata?.name} (${o.apiVersion}) in ${path.basename(file)}`;
    checked++;
    if (o.kind === "Secret" && o.data) {
      // kustomize folds long base64 values over lines; the API server's decoder skips line breaks, the schema's regex does not
      for (const key of Object.keys(o.data)) o.data[key] = String(o.data[key]).replace(/\s+/g, "");
    }
    const group = k8s[o.apiVersion];
    if (group && group[o.kind]) {
      try { new group[o.kind](o).validate(); } catch (e) { problem(where, e.message); }
    } else if ((shapeOnly[o.apiVersion] ?? []).includes(o.kind)) {
      if (typeof o.metadata?.name !== "string" || o.metadata.name === "") problem(where, "metadata.name is missing");
      if (o.spec === null || typeof o.spec !== "object" || Array.isArray(o.spec)) problem(where, "spec must be an object");
      console.log(`SHAPE-ONLY ${where}`);
    } else {
      problem(where, "no schema for this apiVersion and kind");
    }
  }
}
console.log(`${checked} objects, ${problems} problems`);
process.exit(problems === 0 && checked > 0 ? 0 : 1);
