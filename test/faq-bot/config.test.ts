/** The FAQ model's settings: optional, all-or-nothing for Azure, never echoed, and no model without them. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/config";
import { configProblems } from "../bot/support/config";
import { ModelPhraser, phraserFromConfig } from "../../bot/faq/phrase";


describe("the FAQ's language model configuration", () => {
  it("none by default: no phraser, the FAQ answers from the knowledge base", () => {
    expect(phraserFromConfig(loadConfig({}))).toBeUndefined();
  });

  it("OPENAI_API_KEY or the Azure OpenAI trio makes a teams-ai phraser (no request until used)", () => {
    expect(phraserFromConfig(loadConfig({ OPENAI_API_KEY: "sk-test" }))).toBeInstanceOf(ModelPhraser);
    const azure = { AZURE_OPENAI_API_KEY: "k", AZURE_OPENAI_ENDPOINT: "https://example.openai.azure.com", AZURE_OPENAI_DEPLOYMENT: "gpt-4o" };
    expect(loadConfig(azure)).toMatchObject(azure);
    expect(phraserFromConfig(loadConfig(azure))).toBeInstanceOf(ModelPhraser);
  });

  it("refuses a partial Azure OpenAI setting (it would silently run without the model), never echoing the key", () => {
    const found = configProblems({ AZURE_OPENAI_API_KEY: "azure-secret-key" });
    expect(found.map((p) => p.split(" ")[0])).toEqual(["AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_DEPLOYMENT"]);
    expect(found.join("\n")).not.toContain("azure-secret-key");
  });

  it("refuses an endpoint that is not https, and never echoes an API key in an error", () => {
    const found = configProblems({ AZURE_OPENAI_API_KEY: "azure-secret-key", AZURE_OPENAI_ENDPOINT: "http://example.openai.azure.com", AZURE_OPENAI_DEPLOYMENT: "d", PORT: "x", OPENAI_API_KEY: "sk-secret" });
    expect(found.some((p) => p.startsWith("AZURE_OPENAI_ENDPOINT must be an https URL"))).toBe(true);
    expect(found.join("\n")).not.toMatch(/azure-secret-key|sk-secret/);
  });
});
