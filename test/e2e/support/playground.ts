import type { Locator, Page } from "playwright-core";

/**
 * The Playground's chat as a person uses it: the compose box, the cards the bot sends, their buttons.
 * Selectors are the Playground's (0.2.x) own markup: a Lexical editor for the compose box, the
 * `adaptivecards` renderer's classes for the cards. Every wait is on what the page shows.
 */

/** A bot card in the message list (not a card nested in an Action.ShowCard). */
const CARD = ".ac-preview-panel > .ac-adaptiveCard";

/** Long enough for a turn on a busy 2-core CI machine, short enough to fail fast. */
export const TURN_MS = 20_000;

export class PlaygroundChat {
  constructor(readonly page: Page) {}

  /** Every card in the conversation, oldest first. */
  get cards(): Locator {
    return this.page.locator(CARD);
  }

  cardsWith(text: RegExp | string): Locator {
    return this.cards.filter({ hasText: text });
  }

  /** Types into the compose box and sends, as a person would. */
  async send(text: string): Promise<void> {
    const box = this.page.locator("[data-lexical-editor=true]");
    await box.click();
    await this.page.keyboard.type(text);
    await this.page.getByRole("button", { name: "Send Message" }).click();
  }

  /**
   * Sends `text` and waits for a card matching `expect` that was not there before: the bot's answer,
   * whatever else (a proactive digest) arrives meanwhile.
   */
  async ask(text: string, expect: RegExp, timeout = TURN_MS): Promise<Locator> {
    const before = await this.cardsWith(expect).count();
    await this.send(text);
    const card = this.cardsWith(expect).nth(before);
    await card.waitFor({ timeout });
    return card;
  }

  /** The position of `card` among all cards: a card updated in place keeps it. */
  async indexOf(card: Locator): Promise<number> {
    const all = await this.cards.elementHandles();
    for (let i = 0; i < all.length; i++) {
      if (await all[i]!.evaluate((el, other) => el === other, await card.elementHandle())) return i;
    }
    throw new Error("card not in the conversation");
  }

  /** Scrolls `card` to the top of the chat and saves what the window shows. */
  async screenshot(card: Locator | undefined, path: string): Promise<void> {
    if (card) await card.evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: "start" }));
    await this.page.screenshot({ path });
  }
}
