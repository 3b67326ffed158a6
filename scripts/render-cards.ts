/**
 * `npm run cards`: every card template, expanded with the realistic data of test/cards/fixtures.ts,
 * rendered by the `adaptivecards` renderer in headless Chromium under a Teams-like host config (light
 * theme), one PNG per card in docs/cards/. Fails when the renderer reports a parse warning that Teams'
 * allow-list (cards/validate.ts) does not cover, or when validateCard finds a problem.
 *
 * Teams draws its Chart.* elements itself; the renderer has none, so a small stand-in draws them here
 * (bars, donut, lines, with Teams' chart colour names). Clients without charts show the fallback.
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { digestCard } from "../bot/notify/card";
import { renderCard, TEMPLATES, type CardTemplate } from "../cards";
import { TEAMS_ELEMENTS, teamsAccepts, validateCard } from "../cards/validate";
import type { NoticeItem } from "../domain/notices";
import { REALISTIC } from "../test/cards/fixtures";
import { launchChromium } from "../test/e2e/support/chromium";

const ROOT = resolve(import.meta.dirname, "..");
const OUT = join(ROOT, "docs/cards");
/** Teams' chat column; the cards ask for full width (msteams.width), so they fill it. */
const WIDTH = 600;
const FONT = "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', 'Liberation Sans', Arial, sans-serif";

// ---- Teams light theme ----------------------------------------------------------------------------

const foreground = {
  default: { default: "#242424", subtle: "#616161" },
  dark: { default: "#242424", subtle: "#616161" },
  light: { default: "#ffffff", subtle: "#f0f0f0" },
  accent: { default: "#5b5fc7", subtle: "#7f85f5" },
  good: { default: "#0e7a0b", subtle: "#0e7a0bcc" },
  warning: { default: "#835c00", subtle: "#835c00cc" },
  attention: { default: "#c4314b", subtle: "#c4314bcc" },
};
const fontSizes = { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 };
const fontWeights = { lighter: 200, default: 400, bolder: 600 };

/**
 * Spacing, sizes and weights as Teams' light host config (the Adaptive Cards designer's "Microsoft
 * Teams - Light"); colours from the current Teams (Fluent 2) palette.
 */
export const TEAMS_HOST_CONFIG = {
  choiceSetInputValueSeparator: ",",
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#e0e0e0" },
  imageSizes: { small: 32, medium: 52, large: 100 },
  fontTypes: {
    default: { fontFamily: FONT, fontSizes, fontWeights },
    monospace: { fontFamily: "Consolas, 'Courier New', 'Liberation Mono', monospace", fontSizes, fontWeights },
  },
  containerStyles: {
    default: { backgroundColor: "#ffffff", foregroundColors: foreground },
    emphasis: { backgroundColor: "#f5f5f5", foregroundColors: foreground },
    accent: { backgroundColor: "#e8ebfa", foregroundColors: foreground },
    good: { backgroundColor: "#f1faf1", foregroundColors: foreground },
    attention: { backgroundColor: "#fdf3f4", foregroundColors: foreground },
    warning: { backgroundColor: "#fbf6d9", foregroundColors: foreground },
  },
  actions: {
    maxActions: 6,
    spacing: "Default",
    buttonSpacing: 8,
    showCard: { actionMode: "Inline", inlineTopMargin: 16, style: "emphasis" },
    preExpandSingleShowCardAction: false,
    actionsOrientation: "Horizontal",
    actionAlignment: "Left",
    wrap: true,
  },
  adaptiveCard: { allowCustomStyle: true },
  imageSet: { imageSize: "Medium", maxImageHeight: 100 },
  factSet: {
    title: { size: "Default", color: "Default", isSubtle: false, weight: "Bolder", wrap: true, maxWidth: 150 },
    value: { size: "Default", color: "Default", isSubtle: false, weight: "Default", wrap: true },
    spacing: 16,
  },
  table: { cellSpacing: 8 },
};

/** The host's chrome around the renderer's output: Teams' buttons, inputs and message bubble. */
const TEAMS_CSS = `
  html, body { margin: 0; background: #f5f5f5; }
  * { animation: none !important; transition: none !important; caret-color: transparent !important; }
  #frame { width: ${WIDTH}px; margin: 16px; background: #fff; border-radius: 6px;
           box-shadow: 0 0 2px rgba(0,0,0,.12), 0 1px 2px rgba(0,0,0,.14); overflow: hidden; }
  .ac-adaptiveCard { font-family: ${FONT}; }
  .ac-pushButton { font-family: ${FONT}; font-size: 14px; font-weight: 600; line-height: 20px; color: #242424;
                   background: #fff; border: 1px solid #d1d1d1; border-radius: 4px; padding: 5px 12px; min-height: 32px; }
  .ac-pushButton.style-positive { background: #5b5fc7; border-color: #5b5fc7; color: #fff; }
  .ac-pushButton.style-destructive { background: #fff; border-color: #c4314b; color: #c4314b; }
  .ac-input, .ac-textInput, .ac-numberInput, .ac-dateInput, .ac-choiceSetInput-compact, .ac-choiceSetInput-filtered-textbox, .ac-multichoiceInput {
    font-family: ${FONT}; font-size: 14px; color: #242424; background: #fff; border: 1px solid #d1d1d1;
    border-bottom-color: #616161; border-radius: 4px; padding: 5px 10px; min-height: 32px; box-sizing: border-box; }
  .ac-multichoiceInput { border: 0; padding: 0; }
  .ac-selectable { cursor: pointer; }
  .ac-chart { font-family: ${FONT}; color: #424242; font-size: 12px; }
  .ac-chart-title { font-size: 14px; font-weight: 600; color: #242424; margin-bottom: 8px; }
  .ac-chart-legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin-top: 8px; }
  .ac-chart-legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 6px; background: var(--c); border-radius: 2px; }
`;

// ---- The cards ------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function templateCards(): { name: string; card: Json }[] {
  const out: { name: string; card: Json }[] = [];
  for (const [name, template] of Object.entries(TEMPLATES) as [keyof typeof TEMPLATES, CardTemplate<unknown>][]) {
    out.push({ name, card: renderCard(template, REALISTIC[name]).content as Json });
  }
  return out;
}

/** The proactive digest (bot/notify/card.ts builds it without a template), with a morning's notices. */
function digest(): { name: string; card: Json } {
  const day = "2026-04-15";
  const expiring = (customerId: string, customerName: string, serviceName: string, poolId: string, quantity: number, expiresOn: string, threshold: number): NoticeItem => ({
    kind: "assignment_expiring",
    itemId: `asg-${customerId}`,
    assignmentId: `asg-${customerId}`,
    customerId,
    customerName,
    serviceId: serviceName.toLowerCase().replace(/\W+/g, "-"),
    serviceName,
    poolId,
    quantity,
    expiresOn,
    threshold,
  });
  const items: NoticeItem[] = [
    expiring("alpine-ski-house", "Alpine Ski House", "Cloud Backup for Microsoft 365", "contoso-m365-mkt-monthly", 60, "2026-04-16", 1),
    expiring("wide-world-importers", "Wide World Importers", "Cloud Backup for Microsoft 365", "contoso-m365-mkt-apu", 140, "2026-04-20", 7),
    { kind: "pool_expiring", itemId: "contoso-m365-payg", sourceKey: "contoso-m365-payg", poolId: "contoso-m365-payg", serviceId: "cloud-backup-for-microsoft-365", serviceName: "Cloud Backup for Microsoft 365", quantity: null, assigned: 89, expiresOn: "2026-04-30", threshold: 30 },
    expiring("coho-winery", "Coho Winery", "Cense", "contoso-cense-mkt-apm", 25, "2026-05-03", 30),
  ];
  return { name: "notify-digest", card: digestCard({ id: 1, day, items }) };
}

// ---- In the page ----------------------------------------------------------------------------------

/** Browser globals, typed loosely: this file is type-checked without the DOM library. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const AdaptiveCards: any;

interface PageEvent {
  phase: "parse" | "validate";
  event: string;
  message: string;
}

/**
 * Runs in the page: parses `card` as a 1.5 client would, renders it into #frame, and returns every
 * event the renderer raised. Self-contained (serialized into the page), so no outer references.
 */
function renderInPage(args: { card: Json; hostConfig: Json; charts: string[] }): PageEvent[] {
  const AC = AdaptiveCards;
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  // Teams' markdown subset: bold, italic, links, bulleted and numbered lists, paragraphs.
  AC.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml: string; didProcess: boolean }) => {
    const inline = (s: string) =>
      esc(s)
        .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
        .replace(/(^|[\s(])_(.+?)_(?=[\s).,;:!?]|$)/g, "$1<em>$2</em>")
        .replace(/(^|[^*])\*([^*\s][^*]*?)\*(?!\*)/g, "$1<em>$2</em>")
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
    const blocks = text.split(/\n{2,}/).map((block) => {
      const lines = block.split("\n");
      if (lines.every((l) => /^\s*[-*] /.test(l))) return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*] /, ""))}</li>`).join("")}</ul>`;
      if (lines.every((l) => /^\s*\d+\. /.test(l))) return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+\. /, ""))}</li>`).join("")}</ol>`;
      return `<p>${lines.map(inline).join("<br>")}</p>`;
    });
    result.outputHtml = blocks.join("");
    result.didProcess = true;
  };

  // A stand-in for Teams' charts, drawn as SVG from the element's own data.
  const palette: Record<string, string> = {
    good: "#13a10e", warning: "#eaa300", attention: "#d13438", neutral: "#8a8886",
    categoricalBlue: "#4f6bed", categoricalPurple: "#8764b8", categoricalRed: "#d13438", categoricalYellow: "#eaa300",
    categoricalGreen: "#13a10e", categoricalLavender: "#9ca6ef", categoricalMarigold: "#f7630c", categoricalDarkBlue: "#0f4c81",
  };
  const series = ["#4f6bed", "#8764b8", "#13a10e", "#eaa300", "#d13438", "#0099bc", "#ca5010", "#637cef"];
  const colorOf = (c: unknown, i: number) => (typeof c === "string" && palette[c]) || series[i % series.length]!;
  const svg = (w: number, h: number, inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 ${w} ${h}" style="display:block">${inner}</svg>`;
  const legend = (entries: { label: string; color: string }[]) =>
    `<div class="ac-chart-legend">${entries.map((e) => `<span style="--c:${e.color}">${esc(e.label)}</span>`).join("")}</div>`;
  const WIDTH_IN_PAGE = 560;
  const num = (v: unknown) => (typeof v === "number" ? v : Number(v) || 0);
  const short = (n: number) => (Math.abs(n) >= 1000 ? `${Math.round(n / 100) / 10}k` : String(Math.round(n * 10) / 10));

  function drawChart(type: string, raw: Json): string {
    const data = (Array.isArray(raw.data) ? raw.data : []) as Json[];
    const head = typeof raw.title === "string" ? `<div class="ac-chart-title">${esc(raw.title)}</div>` : "";
    if (type === "Chart.Donut" || type === "Chart.Pie" || type === "Chart.Gauge") {
      const total = data.reduce((s, d) => s + num(d.value), 0) || 1;
      // A pie is a ring as thick as its radius.
      const r = type === "Chart.Pie" ? 38 : 62;
      const thick = type === "Chart.Pie" ? 76 : 24;
      let angle = -Math.PI / 2;
      const arcs = data.map((d, i) => {
        const a = (num(d.value) / total) * Math.PI * 2;
        const [x0, y0, x1, y1] = [80 + r * Math.cos(angle), 80 + r * Math.sin(angle), 80 + r * Math.cos(angle + a), 80 + r * Math.sin(angle + a)];
        angle += a;
        const path = a >= Math.PI * 2 - 1e-6 ? `M 80 ${80 - r} A ${r} ${r} 0 1 1 79.99 ${80 - r}` : `M ${x0} ${y0} A ${r} ${r} 0 ${a > Math.PI ? 1 : 0} 1 ${x1} ${y1}`;
        return `<path d="${path}" fill="none" stroke="${colorOf(d.color, i)}" stroke-width="${thick}"/>`;
      });
      return head + svg(160, 160, arcs.join("")).replace('width="100%"', 'width="160"') + legend(data.map((d, i) => ({ label: `${String(d.legend ?? "")} (${short(num(d.value))})`, color: colorOf(d.color, i) })));
    }
    if (type.startsWith("Chart.HorizontalBar")) {
      const max = Math.max(1, ...data.map((d) => num(d.y)));
      const rowH = 40;
      const rows = data.map((d, i) => {
        const w = Math.max(2, (num(d.y) / max) * (WIDTH_IN_PAGE - 60));
        const y = i * rowH;
        const label = String(d.x ?? "");
        return `<text x="0" y="${y + 13}" font-size="12" fill="#424242">${esc(label.length > 90 ? label.slice(0, 89) + "…" : label)}</text>` +
          `<rect x="0" y="${y + 18}" width="${w}" height="14" rx="2" fill="${colorOf(d.color ?? raw.color, 0)}"/>` +
          `<text x="${w + 6}" y="${y + 30}" font-size="12" fill="#242424">${short(num(d.y))}</text>`;
      });
      return head + svg(WIDTH_IN_PAGE, data.length * rowH, rows.join(""));
    }
    if (type === "Chart.Line") {
      const lines = data.map((s) => ({ label: String(s.legend ?? ""), values: (Array.isArray(s.values) ? s.values : []) as Json[] }));
      const xs = [...new Set(lines.flatMap((l) => l.values.map((v) => String(v.x))))];
      const max = Math.max(1, ...lines.flatMap((l) => l.values.map((v) => num(v.y))));
      const [left, top, w, h] = [44, 8, WIDTH_IN_PAGE - 80, 160];
      const px = (x: string) => left + (xs.length > 1 ? (xs.indexOf(x) / (xs.length - 1)) * w : w / 2);
      const py = (y: number) => top + h - (y / max) * h;
      const grid = [0, 0.5, 1].map((f) => `<line x1="${left}" x2="${left + w}" y1="${py(max * f)}" y2="${py(max * f)}" stroke="#e0e0e0" stroke-dasharray="4 4"/><text x="${left - 6}" y="${py(max * f) + 4}" font-size="11" text-anchor="end" fill="#616161">${short(max * f)}</text>`);
      const ticks = xs.map((x) => `<text x="${px(x)}" y="${top + h + 16}" font-size="11" text-anchor="middle" fill="#616161">${esc(x)}</text>`);
      const paths = lines.map((l, i) => `<polyline fill="none" stroke="${series[i % series.length]}" stroke-width="2" points="${l.values.map((v) => `${px(String(v.x))},${py(num(v.y))}`).join(" ")}"/>`);
      return head + svg(WIDTH_IN_PAGE, top + h + 24, grid.join("") + ticks.join("") + paths.join("")) + legend(lines.map((l, i) => ({ label: l.label, color: series[i % series.length]! })));
    }
    // Vertical bars (plain, grouped): one bar per point, or per series value.
    const points = data.flatMap((d, i) => (Array.isArray(d.values) ? (d.values as Json[]).map((v) => ({ x: `${String(v.x)}`, y: num(v.y), c: series[i % series.length]! })) : [{ x: String(d.x ?? ""), y: num(d.y), c: colorOf(d.color, i) }]));
    const max = Math.max(1, ...points.map((p) => p.y));
    const bw = Math.min(40, (WIDTH_IN_PAGE - 40) / Math.max(1, points.length) - 6);
    const bars = points.map((p, i) => {
      const hgt = (p.y / max) * 140;
      const x = 20 + i * (bw + 6);
      return `<rect x="${x}" y="${150 - hgt}" width="${bw}" height="${hgt}" rx="2" fill="${p.c}"/><text x="${x + bw / 2}" y="166" font-size="11" text-anchor="middle" fill="#616161">${esc(p.x.slice(0, 8))}</text>`;
    });
    return head + svg(WIDTH_IN_PAGE, 172, bars.join(""));
  }

  for (const type of args.charts) {
    class Chart extends AC.CardElement {
      raw: Json = {};
      getJsonTypeName() {
        return type;
      }
      internalParse(source: Json, context: unknown) {
        super.internalParse(source, context);
        this.raw = source;
      }
      internalRender() {
        const el = document.createElement("div");
        el.className = "ac-chart";
        el.innerHTML = drawChart(type, this.raw);
        return el;
      }
    }
    AC.GlobalRegistry.defaultElements.register(type, Chart, AC.Versions.v1_5);
  }

  const frame = document.getElementById("frame");
  frame.innerHTML = "";
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(args.hostConfig);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(args.card, context);
  const events: PageEvent[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push({ phase: "parse", event: AC.ValidationEvent[e.event], message: e.message });
  }
  for (const e of card.validateProperties().validationEvents) events.push({ phase: "validate", event: AC.ValidationEvent[e.event], message: e.message });
  frame.appendChild(card.render());
  return events;
}

// ---- Main -----------------------------------------------------------------------------------------

export interface Rendered {
  files: string[];
  /** Parse warnings outside Teams' allow-list and validateCard's findings, "name: problem". */
  problems: string[];
}

/** Renders `cards` to `<outDir>/<name>.png` (removing the PNGs already there) and reports what Teams would not take. */
export async function renderCards(cards: { name: string; card: Json }[], outDir: string): Promise<Rendered> {
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (f.endsWith(".png")) rmSync(join(outDir, f));

  const acDist = join(dirname(createRequire(import.meta.url).resolve("adaptivecards")), "../dist");
  const browser = await launchChromium();
  const files: string[] = [];
  const problems: string[] = [];
  try {
    // Twice the pixels, for sharp text on high-density screens; the README shows them at WIDTH.
    const page = await browser.newPage({ viewport: { width: WIDTH + 64, height: 800 }, deviceScaleFactor: 2, locale: "en-GB" });
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"></head><body><div id="frame"></div></body></html>`);
    await page.addStyleTag({ path: join(acDist, "adaptivecards.css") });
    await page.addStyleTag({ content: TEAMS_CSS });
    await page.addScriptTag({ path: join(acDist, "adaptivecards.min.js") });
    // tsx compiles renderInPage with esbuild's keepNames, whose `__name` helper the page lacks.
    await page.addScriptTag({ content: "globalThis.__name = (f) => f;" });

    for (const { name, card } of cards) {
      const events = await page.evaluate(renderInPage, { card, hostConfig: TEAMS_HOST_CONFIG, charts: [...TEAMS_ELEMENTS] });
      const found = validateCard(card);
      for (const p of found) problems.push(`${name}: ${p}`);
      // The same parser runs in validateCard: report what only the page saw.
      for (const e of events) if (!teamsAccepts(e, card) && !found.some((p) => p.includes(e.message))) problems.push(`${name}: renderer ${e.phase}: ${e.event}: ${e.message}`);
      await page.evaluate(async () => {
        await document.fonts.ready;
      });
      const file = join(outDir, `${name}.png`);
      await page.locator("#frame").screenshot({ path: file, animations: "disabled" });
      files.push(file);
    }
  } finally {
    await browser.close();
  }
  return { files, problems };
}

async function main(): Promise<number> {
  const started = performance.now();
  const { files, problems } = await renderCards([...templateCards(), digest()], OUT);
  for (const f of files) process.stdout.write(`${relative(ROOT, f)}\n`);
  if (problems.length > 0) {
    process.stderr.write(`\n${problems.length} problem(s) a Teams client would show wrongly or refuse:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
    return 1;
  }
  process.stdout.write(`${files.length} cards rendered in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
