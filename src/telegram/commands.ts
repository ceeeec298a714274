/** The command menu, published at start-up in English (default) and Chinese (`zh` clients). */
import type { Api } from "grammy";
import type { Logger } from "../logger.js";
import { commandDescriptions } from "./i18n.js";

export async function publishCommands(api: Api, logger: Logger): Promise<void> {
  try {
    await api.setMyCommands(commandDescriptions.en);
    await api.setMyCommands(commandDescriptions.zh, { language_code: "zh" });
  } catch (err) {
    // The menu is a convenience; a bot that cannot set it still answers questions.
    logger.warn({ err }, "could not publish the command menu");
  }
}
