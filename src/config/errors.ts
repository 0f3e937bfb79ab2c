import { InvalidInputError, type InputProblem } from "../errors/invalid-input.js";

export class ConfigError extends InvalidInputError {
  override name = "ConfigError";

  constructor(problems: InputProblem[]) {
    super("Invalid configuration", problems);
  }
}
