/**
 * Shapes an SDL's placement groups for a deploy: `--replicas N` turns each placement into N groups (one order,
 * hence one lease, each, so they can land on N distinct providers), and the labels are written into every
 * group's name (see labels.ts). Everything else in the SDL is left as it is.
 */
import jsYaml from "js-yaml";
import { stringify } from "yaml";
import { InvalidInputError } from "../errors/invalid-input.js";
import { encodeGroupName, type Labels } from "./labels.js";

type Obj = Record<string, unknown>;
const asObj = (value: unknown): Obj => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : {});

export function placeGroups(sdlText: string, options: { replicas: number; labels: Labels }): string {
  const { replicas, labels } = options;
  if (replicas === 1 && Object.keys(labels).length === 0) return sdlText;
  const sdl = asObj(jsYaml.load(sdlText));
  const profiles = asObj(sdl.profiles);
  const placements = asObj(profiles.placement);
  for (const name of Object.keys(placements)) {
    if (name.includes("/")) {
      throw new InvalidInputError("The SDL's placement name cannot carry labels", [{ field: `profiles.placement.${name}`, found: name, expected: "a placement name without '/' (akash-gpu writes labels after a '/')" }]);
    }
  }
  const renamed = (name: string): string[] =>
    replicas === 1 ? [encodeGroupName(name, labels)] : Array.from({ length: replicas }, (_, i) => encodeGroupName(`${name}-${i + 1}`, labels));

  profiles.placement = Object.fromEntries(Object.entries(placements).flatMap(([name, placement]) => renamed(name).map((to) => [to, placement])));
  const deployment = asObj(sdl.deployment);
  for (const [service, byPlacement] of Object.entries(deployment)) {
    deployment[service] = Object.fromEntries(Object.entries(asObj(byPlacement)).flatMap(([name, spec]) => renamed(name).map((to) => [to, spec])));
  }
  return stringify(sdl, { lineWidth: 0, aliasDuplicateObjects: false });
}
