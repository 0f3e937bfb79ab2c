/**
 * Real SDLs (awesome-akash, gh-actions) and chain-sdk's invalid inputs through analyzeSdl, checked against
 * chain-sdk 1.0.0-alpha.25 run on its own. Sources: test/fixtures/README.md.
 */
import { describe, expect, it } from "vitest";
import { accepted, analyze, chainSdk, errorPaths, listFixtures, readFixture, refused, sha256Hex, toUact, valid } from "./fixture-helpers.js";

type Outcome =
  /** chain-sdk and akash-gpu accept it: same manifest, version and group specs; `warnings` are akash-gpu's warning paths. */
  | { kind: "valid"; warnings?: string[] }
  /** chain-sdk accepts it but akash-gpu's own rules refuse it on purpose, with exactly this one error. */
  | { kind: "refused"; path: string; line: number; message: RegExp }
  /** chain-sdk itself rejects it; these are akash-gpu's error paths (one per offending key). */
  | { kind: "invalid"; paths: string[] };

const VALID: Outcome = { kind: "valid" };
/** vLLM reached only through the bundled Open WebUI / notebook service: the GPU service has no global port. */
const GPU_NOT_GLOBAL: Outcome = { kind: "valid", warnings: ["services.vllm.expose"] };

// Every file in test/fixtures/sdl must have an entry (and every entry a file).
const REAL_SDLS: Record<string, Outcome> = {
  "DeepSeek-R1-0528.yaml": VALID,
  "DeepSeek-R1.yaml": VALID,
  "Grav.yaml": VALID,
  "Hermes-4-405B-FP8.yaml": VALID,
  "Llama-3-70B.yaml": VALID,
  "Llama-3-8B.yaml": VALID,
  "Llama-3-Groq-8B-Tool-Use.yaml": VALID, // `nvidia:` is null (models commented out): any NVIDIA model
  "Llama-3.1-405B-AWQ-INT4.yaml": VALID,
  "Llama-3.1-405B-BF16.yaml": VALID,
  "Llama-3.1-405B-FP8.yaml": VALID,
  "Llama-3.1-8B.yaml": VALID,
  "Llama-3.2-11B-Vision-Instruct.yaml": VALID,
  "Llama-3.2-3B.yaml": VALID,
  "Llama-3.2-90B-Vision-Instruct.yaml": VALID,
  "Llama-3.3-70B.yaml": VALID,
  "Llama-3_3-Nemotron-Super-49B-v1.yaml": VALID,
  "Llama-4-Maverick-17B-128E-Instruct-FP8.yaml": VALID,
  "Llama-4-Scout-17B-16E-Instruct.yaml": VALID,
  "Mistral-7B.yaml": VALID,
  "QwQ-32B.yaml": VALID,
  "Qwen3-Coder-480B-A35B-Instruct.yaml": VALID,
  "Qwen3.5-27B.yaml": VALID,
  "Qwen3.5-35B-A3B.yaml": VALID,
  "Qwen3.5-9B.yaml": VALID,
  "Razer-AIKit.yaml": VALID,
  "ghost-deploy-mysql.yaml": VALID,
  "nginx-letsencrypt-proxy.yaml": VALID,
  "ollama-cpu.yaml": VALID,
  "ollama-gpu.yaml": VALID,
  "openai-gpt-oss-120b.yaml": VALID,
  "satisfactory-server.yaml": VALID,
  "vllm__vllm_crew_notebook_deployment.yaml": GPU_NOT_GLOBAL,
  "vllm__vllm_no_ui_deployment.yaml": VALID,
  "vllm__vllm_with_openwebui_dolphin2-9-llama3-70b.yaml": GPU_NOT_GLOBAL,
  "vllm__vllm_with_openwebui_wizardlm2-7b.yaml": GPU_NOT_GLOBAL,
  "vllm__vllm_with_openwebui_wizardlm2-8x22.yaml": GPU_NOT_GLOBAL,
  "akash-trainer.yaml": { kind: "refused", path: "profiles.placement.akash.pricing.training.denom", line: 49, message: /^uakt pricing is refused/ },
  // The Go-template placeholder in env is just a string to the SDL parsers; the legacy uakt price is what is refused.
  "gh-actions-deploy.tpl.yaml": { kind: "refused", path: "profiles.placement.dcloud.pricing.web.denom", line: 31, message: /^uakt pricing is refused/ },
  "n8n.yaml": { kind: "refused", path: "profiles.placement.akash.pricing.n8n.denom", line: 48, message: /^USDC \(IBC\) pricing is refused/ },
  // docker-compose keys
  "Redash.yaml": {
    kind: "invalid",
    paths: ["services.nginx.depends_on", "services.nginx.links", "services.nginx.restart", "services.postgres.restart", "services.postgres.volumes", "services.redash.depends_on", "services.redis.restart"],
  },
  // `endpoints:` with only comments under it (null), `cmd:` instead of command, `to:` a map instead of a list
  "minio.yaml": { kind: "invalid", paths: ["endpoints", "services.minio.cmd", "services.minio.expose.0.to"] },
  // params.tee (confidential compute) came with SDL 2.1 after chain-sdk alpha.25
  "ollama-tee.yaml": { kind: "invalid", paths: ["services.ollama.params.tee"] },
  // depends_on is docker-compose, not SDL
  "wordpress.yaml": { kind: "invalid", paths: ["services.wordpress.depends_on"] },
};

describe("real SDLs (test/fixtures/sdl)", () => {
  it("the outcome table lists exactly the files in the folder", () => {
    expect(listFixtures("sdl")).toEqual(Object.keys(REAL_SDLS).sort());
  });

  it.each(Object.entries(REAL_SDLS))("%s", async (file, outcome) => {
    const text = readFixture(`sdl/${file}`);
    const chain = await chainSdk(text);
    const analysis = await analyze(text);
    switch (outcome.kind) {
      case "valid": {
        const reference = accepted(chain);
        const ours = valid(analysis);
        expect(ours.manifestVersion).toBe(reference.version);
        expect(ours.manifestJson).toBe(reference.json);
        expect(sha256Hex(ours.manifestJson)).toBe(ours.manifestVersion);
        expect(ours.groupSpecs).toEqual(reference.groupSpecs);
        expect(ours.warnings.map((w) => w.path)).toEqual(outcome.warnings ?? []);
        break;
      }
      case "refused": {
        const reference = accepted(chain);
        expect(refused(analysis)).toEqual([{ path: outcome.path, line: outcome.line, message: expect.stringMatching(outcome.message), fix: expect.stringContaining("set denom: uact") }]);
        // Only the denomination is refused: priced in uact, the same manifest goes through unchanged.
        expect(valid(await analyze(toUact(text))).manifestVersion).toBe(reference.version);
        break;
      }
      case "invalid": {
        expect(chain.ok).toBe(false);
        expect(errorPaths(analysis)).toEqual([...outcome.paths].sort());
        for (const error of refused(analysis)) expect(error.fix).not.toBe("");
        break;
      }
    }
  });
});

/**
 * chain-sdk testdata/sdl/input/{invalid,schema-only-invalid}: each must be refused, and for its own reason. All but
 * missing-pricing are priced in uakt (which akash-gpu refuses anyway), so each is also checked priced in uact.
 * Value: a path that must be among the errors (exactly, or as the start of a longer path).
 */
const INVALID_INPUTS: Record<string, string> = {
  "invalid/count-zero.yaml": "deployment.web.akash.count",
  "invalid/credentials-missing-host.yaml": "services.web.credentials.host",
  "invalid/empty-image.yaml": "services.web.image",
  // reported today as "endpoints.myendpoint.myendpoint" / "is not an SDL key here" (see the report on fromChainSdk)
  "invalid/endpoint-not-used.yaml": "endpoints.myendpoint",
  "invalid/invalid-endpoint-name.yaml": "endpoints.Invalid-Name",
  "invalid/invalid-port.yaml": "services.web.expose.0.port",
  "invalid/invalid-protocol.yaml": "services.web.expose.0.proto",
  "invalid/ip-without-global.yaml": "services.web.expose.0.to.0.global",
  "invalid/missing-deployment.yaml": "deployment",
  "invalid/missing-image.yaml": "services.web.image",
  "invalid/missing-memory-size.yaml": "profiles.compute.web.resources.memory.size",
  "invalid/missing-pricing.yaml": "profiles.placement.akash.pricing",
  "invalid/missing-version.yaml": "version",
  "invalid/negative-cpu.yaml": "profiles.compute.web.resources.cpu.units",
  "invalid/persistent-without-mount.yaml": "services.web.params.storage.data.mount",
  "invalid/port-too-high.yaml": "services.web.expose.0.port",
  "invalid/port-zero.yaml": "services.web.expose.0.port",
  "invalid/ram-persistent-true.yaml": "profiles.compute.web.resources.storage.0.attributes",
  "invalid/unknown-field.yaml": "unknown_field",
  // reclamation is checked by akash-gpu's rules (removed before chain-sdk alpha.25, which predates it)
  "invalid/v2.1-reclamation-bad-window.yaml": "reclamation.min_window",
  // alpha.25 does not know params.tee at all, so it is refused as an unknown key, not as "tee type requires gpu resources"
  "invalid/v2.1-tee-cpu-gpu-no-gpu.yaml": "services.web.params.tee",
  "schema-only-invalid/email-too-short.yaml": "services.web.credentials.email",
  "schema-only-invalid/invalid-denom.yaml": "profiles.placement.akash.pricing.web.denom",
  "schema-only-invalid/invalid-gpu-vendor.yaml": "profiles.compute.web.resources.gpu.attributes.vendor.amd",
  "schema-only-invalid/invalid-version.yaml": "version",
  "schema-only-invalid/password-too-short.yaml": "services.web.credentials.password",
  "schema-only-invalid/reclamation-compound-window.yaml": "reclamation.min_window",
};

describe("chain-sdk invalid SDL inputs (test/fixtures/sdl-golden/testdata/sdl/input)", () => {
  const root = "sdl-golden/testdata/sdl/input";

  it("the table lists exactly the files in invalid/ and schema-only-invalid/", () => {
    const files = ["invalid", "schema-only-invalid"].flatMap((dir) => listFixtures(`${root}/${dir}`).map((name) => `${dir}/${name}`));
    expect(files).toEqual(Object.keys(INVALID_INPUTS).sort());
  });

  it.each(Object.entries(INVALID_INPUTS))("%s", async (file, path) => {
    const text = readFixture(`${root}/${file}`);
    const naming = expect.arrayContaining([expect.stringMatching(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\..+)?$`))]);
    expect(errorPaths(await analyze(text))).toEqual(naming);
    const inUact = await analyze(toUact(text));
    expect(errorPaths(inUact)).toEqual(naming);
    expect(refused(inUact).filter((e) => /pricing is refused/.test(e.message))).toEqual([]);
  });
});
