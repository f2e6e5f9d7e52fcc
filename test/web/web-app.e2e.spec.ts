import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { demoPlan } from '#persistence/dev';
import { launchBrowser, SCREENSHOTS, signIn, type Browser } from '../support/browser.js';
import { people, startSystem, type RunningSystem } from '../support/system.js';
import { vietnamClock } from '../support/plan-fields.js';

const execFileAsync = promisify(execFile);

/**
 * The web app in real headless Chromium against the running system (API serving the built app, worker, PostgreSQL,
 * Temporal): every step of a plan's life through the screens a board, two departments and an auditor use.
 * Screenshots of each screen land in test-results/screenshots.
 */
describe('the web app', () => {
  let system: RunningSystem;
  let browser: Browser;

  beforeAll(async () => {
    system = await startSystem();
    browser = await launchBrowser(system.baseUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** The unit's row in the cascade tree of the page. */
  const row = (page: Page, unit: string) => page.locator(`tr[data-unit="${unit}"]`).first();

  it('is served by the API under /app, with API types that match the OpenAPI document of the built API', async () => {
    const root = await fetch(system.baseUrl, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/app/');
    const deepLink = await fetch(`${system.baseUrl}/app/plans/some-deep-link`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<div id="root">');
    // Run by node on the build, as in production: under Jest, @nestjs/terminus does not find @nestjs/swagger and
    // documents /health without its schema.
    // Asynchronously: the API under test runs in this process, and a blocked event loop would let its idle
    // keep-alive connections time out under the next request (ECONNRESET).
    const check = await execFileAsync(process.execPath, ['dist/scripts/web-api-types.js', '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
  });

  it('takes a plan from launch to audit: register, overdue, returned with a reason, resubmitted, the whole timeline', async () => {
    // The board's draft, as the start command's demo data makes it: registration closes 75 s from now (Vietnam time).
    const registration = vietnamClock(new Date(Date.now() + 75_000));
    const draft = demoPlan();
    draft.numberSymbol = '77/KH-UBND';
    draft.recipients = [
      { unitCode: 'SNGV', role: 'implement' },
      { unitCode: 'SGDDT', role: 'implement' },
      { unitCode: 'SNV', role: 'for-information' },
    ];
    draft.milestones = {
      ...draft.milestones,
      registration: { date: registration.date, rule: 'at', time: registration.time },
      interimReviews: [
        { phase: 'Đợt 1', deadline: { date: vietnamClock(new Date(Date.now() + 3 * 86_400_000)).date, rule: 'end-of-day' } },
      ],
    };
    expect(await system.as(people.board).post('/plans', draft)).toMatchObject({ status: 201 });

    // The board signs in, finds the draft in its list and launches it to the two departments.
    const board = await browser.page();
    await board.goto('/app/sign-in');
    await browser.screenshot(board, 'sign-in');
    await signIn(board, 'board', 'TINH');
    await board.getByRole('link', { name: '77/KH-UBND' }).waitFor();
    await browser.screenshot(board, 'board-plans');
    await board.getByRole('link', { name: '77/KH-UBND' }).click();
    await board.getByRole('button', { name: 'Ban hành' }).click();
    await board.getByRole('dialog').getByRole('button', { name: 'Ban hành' }).click();
    await expectText(board.getByTestId('plan-status'), 'Đang thực hiện');
    await expectText(row(board, 'SNGV'), 'đang mở');
    await expectText(row(board, 'SGDDT'), 'đang mở');
    await browser.screenshot(board, 'board-plan-launched');

    // Sở Ngoại vụ issues its derived plan and registers, from its inbox, before the deadline.
    const sngv = await browser.page();
    await signIn(sngv, 'department', 'SNGV');
    const derivedItem = sngv.locator(`li[data-item="SNGV/derived-plan/submit"]`);
    await derivedItem.getByRole('button', { name: 'Thực hiện' }).click();
    await derivedItem.getByLabel('Số, ký hiệu kế hoạch triển khai').fill('12/KH-SNGV');
    await derivedItem.getByLabel('Người ký').fill('Trần Thị Bình');
    await browser.screenshot(sngv, 'department-inbox');
    await derivedItem.getByRole('button', { name: 'Gửi', exact: true }).click();
    await derivedItem.waitFor({ state: 'detached' });
    const registrationItem = sngv.locator(`li[data-item="SNGV/registration/submit"]`);
    await registrationItem.getByRole('button', { name: 'Thực hiện' }).click();
    await registrationItem.getByRole('button', { name: 'Gửi', exact: true }).click();
    await registrationItem.waitFor({ state: 'detached' });

    // The board accepts both; Sở Giáo dục và Đào tạo did nothing and shows overdue once the deadline passes,
    // on the board's open page (it refreshes itself).
    for (const stage of ['Kế hoạch triển khai', 'Đăng ký thi đua']) {
      await row(board, 'SNGV')
        .getByRole('button', { name: `Chấp thuận: ${stage}` })
        .click();
      await board.getByRole('dialog').getByRole('button', { name: 'Chấp thuận' }).click();
      await board.getByRole('dialog').waitFor({ state: 'detached' });
    }
    await expectText(row(board, 'SNGV'), 'Sơ kết', 20_000);
    await expectText(row(board, 'SGDDT'), 'Quá hạn', 120_000);
    await board.getByLabel('Chỉ đơn vị chậm hạn').check();
    // Late units and the units whose derived plans lead to late ones (Sở Ngoại vụ's divisions inherited the deadline).
    await eventuallyIn(async () => {
      const shown = await board.locator('.tree tbody tr[data-unit]').evaluateAll((rows) =>
        rows.map((r) => ({
          unit: r.getAttribute('data-unit'),
          late: r.classList.contains('late'),
          parent: !!r.querySelector('.derived'),
        })),
      );
      return shown.some((r) => r.unit === 'SGDDT' && r.late) && shown.every((r) => r.late || r.parent);
    });
    await browser.screenshot(board, 'board-overdue-only-late');
    await board.getByLabel('Chỉ đơn vị chậm hạn').uncheck();

    // Sở Ngoại vụ reports on Đợt 1; the board returns the report with a reason.
    const reportItem = sngv.locator(`li[data-item="SNGV/interim:Đợt 1/submit"]`);
    await reportItem.getByRole('button', { name: 'Thực hiện' }).click();
    await reportItem.getByLabel('Nội dung báo cáo').fill('Đã tổ chức phát động tại 3 phòng.');
    await reportItem.getByRole('button', { name: 'Gửi', exact: true }).click();
    await reportItem.waitFor({ state: 'detached' });
    await row(board, 'SNGV').getByRole('button', { name: 'Trả lại: Sơ kết Đợt 1' }).click();
    await board.getByRole('dialog').getByLabel('Lý do').fill('Bổ sung số liệu cán bộ tham gia');
    await browser.screenshot(board, 'board-return-dialog');
    await board.getByRole('dialog').getByRole('button', { name: 'Trả lại' }).click();
    await expectText(row(board, 'SNGV'), 'Bị trả lại');

    // The department sees why, on its inbox without reloading, and resubmits; the board sees it waiting again.
    const resubmit = sngv.locator(`li[data-item="SNGV/interim:Đợt 1/resubmit"]`);
    await expectText(resubmit.getByTestId('returned-reason'), 'Bổ sung số liệu cán bộ tham gia');
    await browser.screenshot(sngv, 'department-returned');
    await resubmit.getByRole('button', { name: 'Gửi lại' }).click();
    await resubmit.getByLabel('Nội dung báo cáo').fill('Đã tổ chức phát động tại 3 phòng; 42 cán bộ tham gia.');
    await resubmit.getByRole('button', { name: 'Gửi', exact: true }).click();
    await resubmit.waitFor({ state: 'detached' });
    await expectText(row(board, 'SNGV'), 'Chờ xét');
    await board.getByRole('heading', { name: 'Diễn biến' }).scrollIntoViewIfNeeded();
    await browser.screenshot(board, 'board-plan-timeline-charts');

    // An auditor sees the whole timeline, intact; the English toggle translates the screen.
    const auditor = await browser.page();
    await signIn(auditor, 'auditor');
    await auditor.getByRole('link', { name: '77/KH-UBND' }).click();
    await expectText(auditor.getByTestId('verification'), 'Toàn vẹn');
    const types = async () =>
      auditor
        .locator('.timeline tbody tr')
        .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-unit')} ${r.getAttribute('data-type')}`));
    await eventuallyIn(async () => {
      const seen = await types();
      return [
        'PlanCreated',
        'PlanLaunched',
        'SNGV SubmissionMade',
        'SNGV SubmissionAccepted',
        'SNGV SubmissionReturned',
        'SGDDT DeadlineMissed',
      ].every((t) => seen.some((s) => s.endsWith(t)));
    });
    await expectText(auditor.locator('.timeline tbody'), 'Bổ sung số liệu cán bộ tham gia');
    await browser.screenshot(auditor, 'auditor-timeline');
    await auditor.getByLabel('Loại sự kiện').selectOption('SubmissionReturned');
    await eventuallyIn(async () => (await types()).join() === 'SNGV SubmissionReturned');
    // Now Sở Giáo dục và Đào tạo is overdue; as it stood at the registration deadline, it was not yet.
    await expectText(row(auditor, 'SGDDT'), 'Quá hạn');
    await auditor.getByLabel('Tại ngày').fill(registration.day);
    await auditor.getByLabel('Giờ').fill(registration.time);
    await expectText(
      auditor.locator('.meta').filter({ hasText: 'Tình trạng lúc' }),
      `Tình trạng lúc ${registration.day} ${registration.time.slice(0, 5)}`,
    );
    await expectText(row(auditor, 'SGDDT'), 'Sơ kết');
    expect(await row(auditor, 'SGDDT').locator('.badge.overdue').count()).toBe(0);
    await browser.screenshot(auditor, 'auditor-as-of');
    await auditor.getByRole('button', { name: 'English' }).click();
    await expectText(auditor.getByRole('heading', { level: 2 }), 'Timeline');
    await expectText(auditor.getByTestId('verification'), 'Intact');
    await expectText(auditor.getByRole('navigation'), 'Audit');
    await auditor.getByRole('button', { name: 'Verify again' }).waitFor();
    await browser.screenshot(auditor, 'auditor-english');
  }, 300_000);

  it('creates a draft from a pasted plan document: fields marked in the source, warnings listed, corrected before creating', async () => {
    const board = await browser.page();
    await signIn(board, 'board', 'TINH');
    await board.getByRole('link', { name: 'Tạo kế hoạch' }).click();
    await board.getByLabel('Dán nội dung văn bản kế hoạch').fill(readFileSync('libs/documents/src/fixtures/kh-27-stttt.txt', 'utf8'));
    await board.getByRole('button', { name: 'Đọc văn bản' }).click();
    await board.locator('pre.source mark').first().waitFor();
    expect(await board.locator('pre.source mark').count()).toBeGreaterThan(5);
    expect(await board.getByLabel('Số, ký hiệu').inputValue()).toMatch(/\/KH-/);
    // Editing a field marks where it came from in the source.
    await board.getByLabel('Tên kế hoạch').focus();
    expect(await board.locator('pre.source mark.active').first().getAttribute('data-field')).toBe('title');
    await board.getByLabel('Số, ký hiệu').fill('27/KH-STTTT-UI');
    // The document's recipients are named in words the directory does not know (listed as warnings): add them.
    await expectText(board.getByTestId('import-warnings'), 'matches no unit');
    await board.getByLabel('Thêm nơi nhận').selectOption('STTTT.VP');
    await board.getByLabel('Thêm nơi nhận').selectOption('STTTT.CNTT');
    await browser.screenshot(board, 'board-new-plan-import');
    await board.getByRole('button', { name: 'Tạo dự thảo kế hoạch' }).click();
    await expectText(board.getByTestId('plan-status'), 'Dự thảo');
    await expectText(board.getByRole('heading', { level: 1 }), '27/KH-STTTT-UI');
    await browser.screenshot(board, 'board-new-plan-created');
  }, 60_000);
});

/** Waits for a locator's text to contain `text` (the page refreshes itself; nobody reloads it). */
async function expectText(locator: import('playwright-core').Locator, text: string, timeout = 30_000): Promise<void> {
  await locator
    .filter({ hasText: text })
    .first()
    .waitFor({ timeout })
    .catch(async (error: unknown) => {
      // What the page showed instead, beside the other screenshots.
      await locator
        .page()
        .screenshot({ path: path.join(SCREENSHOTS, `failed-waiting-for-${text.replace(/\W+/g, '-')}.png`), fullPage: true });
      throw error;
    });
}

async function eventuallyIn(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
