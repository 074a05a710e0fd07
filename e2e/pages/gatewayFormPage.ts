// Any gateway assessment form (assign, check, deconfliction, judgement, outcome, approval): the question
// helpers of the referral pages, plus the form's own submit button and selects.
import type { Page } from 'playwright-core';
import { BasePage } from './basePage.js';
import { QuestionPage } from './questionPage.js';

export class GatewayFormPage extends QuestionPage {
  static override async verifyOnPage(page: Page, heading: string | RegExp): Promise<GatewayFormPage> {
    await BasePage.waitForHeading(page, heading);
    return new GatewayFormPage(page);
  }

  async select(label: string, option: string): Promise<this> {
    await this.field(label).selectOption({ label: option });
    return this;
  }

  async submit(button: string): Promise<void> {
    await this.clickButton(button);
  }
}
