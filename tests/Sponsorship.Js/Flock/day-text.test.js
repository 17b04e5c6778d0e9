import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayText } from '../../../wwwroot-assets/js/day-text.js';

test('a day is written as the programme writes it, in Chinese and in English', () => {
    assert.equal(dayText('2026-12-06', '2026-12-07', 'zh-CN', '（今天）'), '2026年12月6日');
    assert.equal(dayText('2026-12-06', '2026-12-07', 'en', ' (today)'), '6 Dec 2026');
    assert.equal(dayText('2026-09-30', '2026-12-07', 'en', ' (today)'), '30 Sep 2026');
});

test('today carries the page\'s today mark', () => {
    assert.equal(dayText('2026-12-07', '2026-12-07', 'zh-CN', '（今天）'), '2026年12月7日（今天）');
    assert.equal(dayText('2026-12-07', '2026-12-07', 'en', ' (today)'), '7 Dec 2026 (today)');
});

test('an empty or broken value writes nothing', () => {
    assert.equal(dayText('', '2026-12-07', 'en', ' (today)'), '');
    assert.equal(dayText('12/07/2026', '2026-12-07', 'en', ' (today)'), '');
    assert.equal(dayText('2026-13-01', '2026-12-07', 'en', ' (today)'), '');
});
