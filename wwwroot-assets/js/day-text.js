// A herder form's date written as the programme writes dates (2026年12月6日 / 6 Dec 2026), with the page's own "today"
// mark, beside the phone's date control, which draws the date in the phone's locale (12/07/2026). The value the form
// posts is the control's own, yyyy-MM-dd. The server writes the same text; this keeps it true when the date changes.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The day (yyyy-MM-dd) as words in the language, with todaySuffix when it is today; '' for no valid day. */
export function dayText(iso, today, language, todaySuffix = '') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) {
        return '';
    }
    const [year, month, day] = match.slice(1).map(Number);
    const words = (language || '').startsWith('zh') ? `${year}年${month}月${day}日` : `${day} ${MONTHS[month - 1]} ${year}`;
    return iso === today ? words + todaySuffix : words;
}

/** Writes the day beside every date control that names its text (data-day-text); "today" is the control's max. */
export function showDayTexts(root = document) {
    for (const input of root.querySelectorAll('input[type=date][data-day-text]')) {
        const text = document.getElementById(input.dataset.dayText);
        if (text) {
            text.textContent = dayText(input.value, input.max, document.documentElement.lang, input.dataset.todaySuffix || '');
        }
    }
}
