/// The report page's style sheet: system fonts only, readable at laptop width, and a print layout.
enum ReportStyle {
    static let css = """
        :root { --ink: #1f2430; --muted: #667085; --line: #e4e7ec; --paper: #ffffff; --wash: #f6f7f9;
          --accent: #2e5aac; --accepts: #2f9e6e; --offers: #4f7fd6; --declines: #d1493f; --withdrawals: #e0a230;
          --other: #aab2bf; --offered: #fff4d6; --offered-line: #e0a230; --stale: #d1493f; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--wash); color: var(--ink);
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
        main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
        header h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 0 0 12px; }
        h3 { font-size: 14px; margin: 0 0 8px; }
        .muted { color: var(--muted); }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; margin: 18px 0 20px; }
        .card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
        .card b { display: block; font-size: 22px; }
        .card.warn b { color: var(--stale); }
        section.panel { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 0 0 18px; }
        .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 18px; align-items: start; }
        .grid2 > section.panel { margin: 0; }
        .grid2 + section.panel, section.panel + .grid2 { margin-top: 18px; }
        svg.chart { width: 100%; height: auto; font-size: 12px; }
        svg.chart text { fill: var(--ink); }
        svg.chart text.value { fill: var(--muted); font-size: 11px; }
        svg.chart text.over { fill: var(--stale); font-weight: 600; }
        svg.chart .axis { stroke: var(--line); }
        svg.chart .median { fill: var(--accent); } svg.chart .p90 { fill: #b7c8ea; }
        svg.chart .holding { fill: var(--accent); } svg.chart .offering { fill: #8fb0e8; } svg.chart .incoming { fill: var(--withdrawals); }
        svg.chart .limit { stroke: var(--stale); stroke-dasharray: 4 3; stroke-width: 1.5; } svg.chart .limit-key { fill: var(--stale); }
        svg.chart .accepts { fill: var(--accepts); } svg.chart .offers { fill: var(--offers); } svg.chart .declines { fill: var(--declines); }
        svg.chart .withdrawals { fill: var(--withdrawals); } svg.chart .created { fill: #8e7cc3; } svg.chart .other { fill: var(--other); }
        table { width: 100%; border-collapse: collapse; font-size: 13px; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; font-size: 12px; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        td:first-child, td.n { white-space: nowrap; }
        .board { overflow-x: auto; }
        .board table td { width: calc((100% - 200px) / var(--stages)); }
        .board th.person { width: 200px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 200px; }
        .chips { display: flex; flex-wrap: wrap; gap: 4px; }
        a.chip { display: inline-block; padding: 1px 6px; border: 1px solid var(--line); border-radius: 5px; background: var(--wash);
          color: var(--ink); text-decoration: none; font: 12px/1.5 ui-monospace, "DejaVu Sans Mono", monospace; }
        a.chip:hover { border-color: var(--accent); }
        a.chip.offered { background: var(--offered); border-color: var(--offered-line); }
        a.chip.stale { border-color: var(--stale); box-shadow: inset 3px 0 0 var(--stale); }
        a.chip small { font-family: system-ui, sans-serif; color: var(--muted); }
        .more { color: var(--muted); font-size: 12px; align-self: center; }
        .key { display: flex; gap: 14px; flex-wrap: wrap; margin: 0 0 10px; font-size: 12px; color: var(--muted); }
        .key span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 5px; border-radius: 2px;
          border: 1px solid var(--line); background: var(--wash); vertical-align: -1px; }
        .key span.offered::before { background: var(--offered); border-color: var(--offered-line); }
        .key span.stale::before { border-color: var(--stale); box-shadow: inset 3px 0 0 var(--stale); }
        .custody { columns: 2 420px; column-gap: 18px; }
        .custody article { break-inside: avoid; border-top: 1px solid var(--line); padding: 8px 0; }
        .custody article:target { background: var(--offered); }
        .custody ol { margin: 4px 0 0; padding-left: 18px; font-size: 12px; }
        .custody code { font-size: 11px; color: var(--muted); }
        footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
        @media (max-width: 760px) { main { padding: 14px; } .grid2 { grid-template-columns: 1fr; } }
        @media print {
          @page { size: A4; margin: 14mm; }
          body { background: #fff; font-size: 11px; }
          main { max-width: none; padding: 0; }
          section.panel, .card { border-color: #ccc; break-inside: avoid; box-shadow: none; }
          section.panel.board-panel, section.panel.custody-panel { break-inside: auto; }
          .grid2 { grid-template-columns: 1fr; gap: 10px; }
          .grid2 + section.panel, section.panel + .grid2 { margin-top: 10px; }
          td:first-child, td.n { white-space: normal; }
          th, td { padding: 3px 5px; }
          .board { overflow: visible; }
          .board tr { break-inside: avoid; }
          a.chip { color: #000; }
          a.chip.offered, .key span.offered::before { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          svg.chart * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          .custody { columns: 2; font-size: 10px; }
        }
        """
}
