"""Every string a user sees, one table per language (Persian first, English second). No streamlit.

Persian prose uses Persian digits; formulas stay in KaTeX with Latin digits, left to right.
Inline math is written ``$…$`` and rendered by st.markdown.
"""

from __future__ import annotations

import re

from backprop_core import ScenarioError

LANGS = ("fa", "en")
DEFAULT_LANG = "fa"
LANG_NAMES = {"fa": "فارسی", "en": "English"}

_FA_DIGITS = str.maketrans("0123456789.,", "۰۱۲۳۴۵۶۷۸۹٫٬")
_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٫٬،", "0123456789.,,")


def digits(value, lang: str) -> str:
    """``value`` as text, with Persian digits in Persian (numbers in e-notation stay Latin: 1.2e-05)."""
    text = str(value)
    if lang != "fa" or re.search(r"\d[eE][+-]?\d", text):
        return text
    return text.translate(_FA_DIGITS)


def latin_digits(text: str) -> str:
    """Persian/Arabic-Indic digits and separators typed by a user, read as Latin ones."""
    return str(text).translate(_TO_LATIN).translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))


FA: dict[str, str] = {
    "app.title": "پس‌انتشار، گام‌به‌گام",
    "app.subtitle": "الگوریتم درس را گره به گره دنبال کنید: اول انتشار به جلو، بعد خطاها از راست به چپ و در پایان گرادیان.",
    "menu.main": "گام‌به‌گام",
    "menu.lesson": "فرمول‌های درس",
    "menu.gradcheck": "بررسی گرادیان",
    "menu.training": "آموزش شبکه",
    "menu.worksheet": "برگهٔ تمرین",
    "ws.title": "برگهٔ تمرین پس‌انتشار",
    "ws.intro": "همهٔ گام‌های این مسئله، هر کدام با فرمول درس و عددهایش. هر جا کادر خالی هست، مقدار را خودتان حساب کنید و در کادر بنویسید. هر گام عددهای لازمش را خودش می‌دهد، پس اشتباه در یک کادر به کادرهای بعدی نمی‌رسد. پاسخ‌نامه از صفحهٔ تازه‌ای شروع می‌شود.",
    "ws.level": "کدام مقدارها پرسیده شوند",
    "ws.print": "چاپ",
    "ws.print_help": "برای کاغذ A4، بدون منو؛ پاسخ‌نامه در صفحهٔ جداگانه چاپ می‌شود.",
    "ws.too_big": "این مسئله {n} گام دارد و برگهٔ تمرین برای مسئله‌هایی تا {max} گام ساخته می‌شود. شبکهٔ کوچک‌تر یا نمونه‌های کمتری انتخاب کنید.",
    "ws.name_line": "نام: ..............................   تاریخ: ..............................",
    "ws.no_blanks": "در این سطح چیزی پرسیده نمی‌شود: برگه همان مثال حل‌شده است.",
    "ws.step": "**گام {n}: {title}**",
    "ws.key_title": "پاسخ‌نامه",
    "ws.answer": "({k}) گام {n}: ${value}$",
    "lang.label": "زبان / Language",
    # scenario
    "sc.header": "مسئله",
    "sc.preset": "مثال آماده",
    "preset.tiny": "مثال حل‌شدهٔ معروف با یک خروجی",
    "preset.xor": "XOR با چهار نمونه",
    "preset.mazur": "مثال حل‌شدهٔ معروف با دو خروجی و خطای مربعی",
    "preset.gradcheck": "شبکهٔ بررسی گرادیان (از تمرین‌های دوره)",
    "preset.custom": "شبکهٔ سفارشی",
    "sc.sizes": "تعداد گره‌های هر لایه",
    "sc.sizes_help": "تعداد گره‌های هر لایه را از لایهٔ ورودی تا خروجی بنویسید و با ویرگول یا خط تیره از هم جدا کنید؛ مثلاً ⁦2, 3, 1⁩. از ۲ تا ۱۰ لایه و در هر لایه ۱ تا ۳۲ گره.",
    "sc.weights": "وزن‌ها",
    "sc.weights_seed": "تصادفی، از روی بذر",
    "sc.weights_edit": "ویرایش دستی",
    "sc.seed": "بذر تصادفی",
    "sc.eps": "εᵢₙᵢₜ: وزن‌ها از بازهٔ [−εᵢₙᵢₜ، εᵢₙᵢₜ] انتخاب می‌شوند",
    "sc.theta": "ماتریس $\\Theta^{{({l})}}$ (ستون $j = 0$: وزن‌های بایاس)",
    "sc.examples": "نمونه‌های آموزشی (هر سطر یک نمونه)",
    "sc.examples_help": "ستون‌های x ورودی‌ها و ستون‌های y خروجی‌های درست‌اند. برای افزودن نمونه، روی سطر خالی پایین جدول کلیک کنید؛ برای حذف نمونه، خانهٔ کنار سطرش را علامت بزنید و روی نماد سطل زباله در بالای جدول کلیک کنید.",
    "sc.lam": "λ (ضریب منظم‌سازی)",
    "sc.loss": "تابع هزینه",
    "loss.cross_entropy": "آنتروپی متقاطع (فرمول درس)",
    "loss.squared_error": "خطای مربعی",
    "sc.alpha": "نرخ یادگیری α",
    "sc.invalid": "پذیرفته نشد.",
    "sc.table_reset": "تغییری که به جدول رسید قابل اعمال نبود؛ جدول به آخرین مقدارهای درست برگشت.",
    "sc.edited": "ویرایش‌شده: {name} ({sizes})",
    "sc.undo": "برگرداندن تغییر",
    "sc.redo": "اعمال دوبارهٔ تغییر",
    "sc.last_change": "آخرین تغییر: {what}",
    "sc.undone": "آخرین تغییر برگردانده شد.",
    "sc.redone": "تغییر دوباره اعمال شد.",
    "what.preset": "مثال آماده",
    "what.sizes": "تعداد گره‌ها",
    "what.weights_mode": "نوع وزن‌ها",
    "what.theta": "ماتریس $\\Theta^{{({l})}}$",
    "what.examples": "نمونه‌های آموزشی",
    "what.lam": "λ",
    "what.loss": "تابع هزینه",
    "what.alpha": "نرخ یادگیری α",
    "what.seed": "بذر تصادفی",
    "what.eps": "$\\varepsilon_{{\\text{{init}}}}$",
    "what.trained": "وزن‌های آموزش‌دیده",
    "sc.kept_value": "همچنان {symbol} = {value} به کار می‌رود.",
    "sc.kept_sizes": "همچنان شبکهٔ {sizes} به کار می‌رود؛ آنچه نوشته‌اید همین‌جا می‌ماند تا اصلاحش کنید.",
    "sc.kept_examples": "همچنان آخرین جدول معتبر به کار می‌رود؛ تغییرهای شما در جدول می‌ماند تا اصلاحشان کنید.",
    "sc.kept_weights": "همچنان آخرین وزن‌های معتبر به کار می‌روند؛ تغییرهای شما در جدول می‌ماند تا اصلاحشان کنید.",
    "sc.incomplete_one": "سطر {rows} هنوز کامل نیست؛ وقتی همهٔ خانه‌هایش پر شود، به نمونه‌ها افزوده می‌شود. تا آن موقع گام‌ها با همان نمونه‌های قبلی محاسبه می‌شوند.",
    "sc.incomplete_many": "سطرهای {rows} هنوز کامل نیستند؛ وقتی همهٔ خانه‌هایشان پر شود، به نمونه‌ها افزوده می‌شوند. تا آن موقع گام‌ها با همان نمونه‌های قبلی محاسبه می‌شوند.",
    "sc.cell_help": "یک عدد بنویسید؛ مثلاً 0.5 یا ‎-2 یا ۰٫۵.",
    "sc.theta_wide": "ماتریس $\\Theta^{{({l})}}$ با ابعاد {shape} در نوار کناری جا نمی‌شود.",
    "sc.examples_wide": "جدول نمونه‌ها {cols} ستون دارد و در نوار کناری جا نمی‌شود.",
    "sc.wide_open_weights": "ویرایش وزن‌ها در پنجرهٔ بزرگ",
    "sc.wide_open_examples": "ویرایش نمونه‌ها در پنجرهٔ بزرگ",
    "sc.wide_title": "ویرایش عددها",
    "sc.wide_help": "همهٔ ستون‌ها این‌جا هستند؛ اگر جدولی باز هم از پنجره پهن‌تر باشد، می‌توانید آن را به چپ و راست بکشید. هر تغییر به‌محض پر شدن خانه‌های لازم اعمال می‌شود.",
    "sc.wide_done": "بستن",
    "edit.seeded_redrawn": "وزن‌ها برای ساختار تازهٔ شبکه دوباره به‌طور تصادفی با بذر {seed} و $\\varepsilon_{{\\text{{init}}}} = {eps}$ انتخاب شدند.",
    "edit.theta_redrawn": "ابعاد $\\Theta^{{({l})}}$ از {old} به {shape} تغییر کرد؛ برای همین درایه‌هایش دوباره به‌طور تصادفی با بذر {seed} و $\\varepsilon_{{\\text{{init}}}} = {eps}$ انتخاب شدند.",
    "edit.theta_new": "ماتریس $\\Theta^{{({l})}}$ تازه است و ابعاد {shape} دارد؛ درایه‌هایش به‌طور تصادفی با بذر {seed} و $\\varepsilon_{{\\text{{init}}}} = {eps}$ انتخاب شدند.",
    "edit.theta_restored": "ماتریس $\\Theta^{{({l})}}$ دوباره ابعاد {shape} را دارد و عددهای قبلی‌اش برگشته‌اند.",
    "edit.theta_dropped": "ماتریس‌های $\\Theta$ لایه‌های حذف‌شده کنار گذاشته شدند؛ اگر آن لایه‌ها را برگردانید، عددهایشان هم برمی‌گردند.",
    "edit.x_zero": "ورودی {cols} به همهٔ نمونه‌ها افزوده شد و فعلاً مقدارش ۰ است.",
    "edit.x_restored": "ورودی {cols} با همان مقدارهای قبلی برگشت.",
    "edit.x_dropped": "ورودی {cols} حذف شد؛ اگر دوباره افزوده شود، مقدارهایش برمی‌گردند.",
    "edit.y_zero": "خروجی درست {cols} به همهٔ نمونه‌ها افزوده شد و فعلاً مقدارش ۰ است.",
    "edit.y_restored": "خروجی درست {cols} با همان مقدارهای قبلی برگشت.",
    "edit.y_dropped": "خروجی درست {cols} حذف شد؛ اگر دوباره افزوده شود، مقدارهایش برمی‌گردند.",
    "edit.x_zero_many": "ورودی‌های {cols} به همهٔ نمونه‌ها افزوده شدند و فعلاً مقدارشان ۰ است.",
    "edit.x_restored_many": "ورودی‌های {cols} با همان مقدارهای قبلی برگشتند.",
    "edit.x_dropped_many": "ورودی‌های {cols} حذف شدند؛ اگر دوباره افزوده شوند، مقدارهایشان برمی‌گردند.",
    "edit.y_zero_many": "خروجی‌های درست {cols} به همهٔ نمونه‌ها افزوده شدند و فعلاً مقدارشان ۰ است.",
    "edit.y_restored_many": "خروجی‌های درست {cols} با همان مقدارهای قبلی برگشتند.",
    "edit.y_dropped_many": "خروجی‌های درست {cols} حذف شدند؛ اگر دوباره افزوده شوند، مقدارهایشان برمی‌گردند.",
    "edit.weights_seeded": "حالا وزن‌ها به‌طور تصادفی با بذر {seed} و $\\varepsilon_{{\\text{{init}}}} = {eps}$ انتخاب می‌شوند. برای برگشتن به وزن‌هایی که خودتان نوشته بودید، «برگرداندن تغییر» را بزنید.",
    # controls
    "ctl.reset": "از اول",
    "ctl.prev": "قبلی",
    "ctl.next": "بعدی",
    "ctl.play": "پخش",
    "ctl.pause": "مکث",
    "ctl.speed": "ثانیه در هر گام",
    "ctl.jump": "رفتن به گام",
    "ctl.keys": "کلیدها: → یا PageDown برای گام بعد، ← یا PageUp برای گام قبل، Space برای پخش و مکث، Home برای شروع از اول.",
    # status line
    "st.example": "نمونهٔ {t} از {m}",
    "st.before": "پیش از حلقهٔ نمونه‌ها",
    "st.after": "پس از همهٔ نمونه‌ها",
    "st.forward": "انتشار به جلو",
    "st.backward": "انتشار به عقب",
    "st.accumulate": "انباشت",
    "st.gradient": "گرادیان",
    "st.layer": "لایهٔ {l}",
    "st.node": "گره {j}",
    "st.step": "گام {i} از {n}",
    # phases
    "phase.init": "صفر کردن انباشتگرها",
    "phase.input": "ورودی نمونه",
    "phase.forward": "انتشار به جلو",
    "phase.output_delta": "خطای لایهٔ خروجی",
    "phase.hidden_delta": "خطای لایه‌های پنهان",
    "phase.accumulate": "انباشت در Δ",
    "phase.gradient": "محاسبهٔ D",
    "phase.result": "نتیجه",
    # captions, in our own words
    "cap.init": "پیش از آن‌که سراغ نمونه‌ها برویم، همهٔ درایه‌های ماتریس‌های انباشتگر $\\Delta^{{(l)}}$ را صفر می‌کنیم. سپس هر نمونه سهم خودش از گرادیان را روی همین ماتریس‌ها جمع می‌کند.",
    "cap.input": "نمونهٔ {t} را برمی‌داریم. ورودی $x^{{({t})}}$ همان فعال‌سازی لایهٔ اول است؛ در لایهٔ ورودی چیزی محاسبه نمی‌شود و $z^{{(1)}}$ نداریم.",
    "cap.forward": "گره {j} از لایهٔ {l}: هر فعال‌سازی لایهٔ قبل را در وزن یالی که به این گره می‌رسد ضرب می‌کنیم و همه را با هم جمع می‌کنیم تا $z$ به دست آید؛ بعد $z$ را از تابع سیگموید $g$ می‌گذرانیم.",
    "cap.output_delta": "خطای گره {j} در لایهٔ خروجی: خروجی شبکه منهای خروجی درست $y$. اگر مثبت باشد، خروجی بیش از حد بزرگ است و اگر منفی باشد، بیش از حد کوچک.",
    "cap.output_delta_se": "با تابع هزینهٔ خطای مربعی، خطای خروجی یک ضریب اضافه دارد: مشتق سیگموید، یعنی $a(1-a)$.",
    "cap.hidden_delta": "خطای گره {j} در لایهٔ {l}: خطاهای لایهٔ بعد را از همان یال‌هایی که این گره را به آن‌ها وصل می‌کنند به عقب برمی‌گردانیم، هر کدام را در وزن یال خودش ضرب می‌کنیم و همه را با هم جمع می‌کنیم؛ سپس حاصل را در مشتق سیگموید، یعنی $a(1-a)$، ضرب می‌کنیم. این بار حرکت از راست به چپ است.",
    "cap.accumulate": "سهم نمونهٔ {t} را به $\\Delta^{{({l})}}$ اضافه می‌کنیم: حاصل‌ضرب خارجی خطاهای لایهٔ {l1} در فعال‌سازی‌های لایهٔ {l} (همراه با واحد بایاس). هر درایه $a_j \\delta_i$ است.",
    "cap.gradient": "همهٔ {m} نمونه دیده شده‌اند. حالا یک بار و بیرون از حلقه، $D^{{({l})}}$ را می‌سازیم: $\\Delta$ را بر $m$ تقسیم می‌کنیم و در ستون‌های $j \\neq 0$ جملهٔ منظم‌سازی $\\lambda\\Theta$ را هم پیش از تقسیم اضافه می‌کنیم.",
    "cap.result": "درایه‌های $D^{{(l)}}$ مشتق‌های جزئی تابع هزینه نسبت به تک‌تک وزن‌ها هستند؛ گرادیان کاهشی با همین عددها وزن‌ها را به‌روز می‌کند. مقدار هزینه برای وزن‌های فعلی:",
    # bias notes
    "bias.forward": "جملهٔ اول این مجموع مربوط به واحد بایاس است: همیشه $a_0 = 1$، پس وزن $\\Theta_{{{j},0}}^{{({lp})}}$ بدون تغییر وارد مجموع می‌شود.",
    "bias.hidden_delta": "واحد بایاس خطا ندارد: مقدارش همیشه ۱ است و به هیچ وزنی پیش از خود بستگی ندارد. برای همین $\\delta_0$ کنار گذاشته می‌شود و ستون ۰ ماتریس $\\Theta$ در این جمع نمی‌آید.",
    "bias.accumulate": "ستون ۰ این حاصل‌ضرب از $a_0 = 1$ می‌آید، پس همان خطاهای لایهٔ بعد است: سهم این نمونه از ستون بایاسِ $\\Delta$، پیش از تقسیم بر $m$.",
    "bias.gradient": "ستون $j = 0$ (وزن‌های بایاس) منظم‌سازی نمی‌شود؛ برای همین $D$ دو حالت دارد.",
    # the lesson's slips, taught correctly
    "slip.title": "نکته‌ای دربارهٔ متن درس",
    "slip.delta_is_error": "درس در نخستین کادر «نکته»، $\\delta_j^{{(l)}}$ را «گره فعال‌سازی» نامیده است. برداشت درست این است: $a_j^{{(l)}}$ فعال‌سازی گره $j$ است و $\\delta_j^{{(l)}}$ خطای همان گره.",
    "slip.forward_range": "در فهرست الگوریتم درس آمده است: «محاسبهٔ $a^{{(1)}}$ برای $l = 1, \\dots, L$». منظور $a^{{(l)}}$ برای $l = 2$ تا $L$ است، چون $a^{{(1)}}$ در سطر قبل از روی $x$ تعیین شده است.",
    "slip.product_shape": "درس در دومین کادر «نکته» از حاصل‌ضربی به ابعاد $s_{{l+1}} \\times s_l$ سخن می‌گوید. چون واحد بایاس هم در $a^{{(l)}}$ هست، ابعاد درست $s_{{l+1}} \\times (s_l + 1)$ است؛ دقیقاً ابعاد $\\Theta^{{(l)}}$.",
    "slip.d_after_loop": "در فهرست درس، دو سطر $D$ بلافاصله بعد از سطر $\\Delta$ آمده‌اند، انگار که داخل حلقهٔ نمونه‌ها باشند. اما $D$ فقط یک بار و پس از دیدن همهٔ $m$ نمونه حساب می‌شود.",
    "notlesson.title": "این فرمول از درس نیست",
    "notlesson.se4": "درس با هزینهٔ آنتروپی متقاطع کار می‌کند و خطای خروجی آن $\\delta^{{(L)}} = a^{{(L)}} - y$ است. این‌جا هزینهٔ خطای مربعی را انتخاب کرده‌اید که در مثال‌های مشهور کتاب‌های درسی به کار می‌رود؛ با آن، ضریب $a(1-a)$ ساده نمی‌شود و باقی می‌ماند.",
    # formula card
    "card.lesson_formula": "فرمول درس",
    "card.numbers": "با عددهای این گام",
    "card.case_bias": "ستون $j = 0$ (بایاس)",
    "card.case_other": "ستون‌های $j \\neq 0$",
    # matrices
    "mx.header": "ماتریس‌های لایهٔ {l}",
    "mx.pending": "هنوز حساب نشده؛ پس از همهٔ نمونه‌ها ساخته می‌شود.",
    "mx.vectors": "مقدارهای نمونهٔ جاری",
    "mx.outer": "آنچه این گام اضافه می‌کند: $\\delta^{{({l1})}}(a^{{({l})}})^T$",
    # figure
    "fig.positive": "وزن مثبت (خط پیوسته)",
    "train.class_high": "نمونه‌هایی با y ≥ ۰٫۵",
    "train.class_low": "نمونه‌هایی با y < ۰٫۵",
    "fig.negative": "وزن منفی (خط‌چین)",
    "fig.layer_input": "لایهٔ {layer} (ورودی)",
    "fig.layer_hidden": "لایهٔ {layer} (پنهان)",
    "fig.layer_output": "لایهٔ {layer} (خروجی)",
    "fig.layer_short": "لایهٔ {layer}",
    "fig.bias_hover": "واحد بایاس لایهٔ {layer}: همیشه a₀ = 1",
    # lesson page
    "lesson.title": "فرمول‌های درس",
    "lesson.intro": "همهٔ فرمول‌های درس پس‌انتشار را این‌جا با شماره‌شان می‌بینید. زیر هر فرمول توضیح کوتاهی آمده است و این‌که در کدام گام‌های صفحهٔ «گام‌به‌گام» به کار می‌رود.",
    "lesson.used": "در این مرحله‌ها: {phases}",
    "lesson.context": "گام جداگانه‌ای ندارد؛ پایهٔ فرمول‌های دیگر است.",
    "lesson.go": "رفتن به نخستین گامی که {id} در آن به کار می‌رود",
    "expl.F1": "هدف کل کار این است که وزن‌هایی پیدا کنیم که هزینهٔ $J$ را کمینه کنند. پس‌انتشار گرادیانی را که برای این کمینه‌سازی لازم است محاسبه می‌کند.",
    "expl.F2": "آنچه دنبالش هستیم: مشتق جزئی هزینه نسبت به هر وزن؛ یعنی اگر این وزن کمی تغییر کند، هزینه چقدر تغییر می‌کند.",
    "expl.F3": "$\\delta_j^{(l)}$ خطای گره $j$ در لایهٔ $l$ است؛ نشان می‌دهد این گره چقدر در خطای خروجی سهم دارد. (فعال‌سازی همان گره $a_j^{(l)}$ است.)",
    "expl.F4": "خطای لایهٔ خروجی: خروجی شبکه منهای خروجی درست. با هزینهٔ آنتروپی متقاطع و خروجی سیگموید، این دقیقاً همان مشتقی است که لازم داریم.",
    "expl.F5": "خطای لایه‌های پنهان در حالت کلی: خطاهای لایهٔ بعد با ترانهادهٔ $\\Theta$ به عقب برمی‌گردند و به صورت عنصر به عنصر در مشتق تابع فعال‌سازی ضرب می‌شوند. حاصل $(\\Theta^{(l)})^T \\delta^{(l+1)}$ به تعداد $s_l + 1$ درایه دارد؛ درایهٔ ۰ مربوط به واحد بایاس است و کنار گذاشته می‌شود.",
    "expl.F6": "مشتق سیگموید را می‌توان با خود سیگموید نوشت؛ پس برای محاسبه‌اش فقط به فعال‌سازی‌ها نیاز داریم.",
    "expl.F7": "همان F5 که در آن $g'(z^{(l)})$ با $a^{(l)} .* (1 - a^{(l)})$ جایگزین شده است؛ این‌جا هم از $s_l + 1$ درایهٔ $(\\Theta^{(l)})^T \\delta^{(l+1)}$، درایهٔ ۰ (بایاس) کنار گذاشته می‌شود. در گام‌ها گره به گره و از راست به چپ حساب می‌شود.",
    "expl.F8": "گرادیان هر وزن میانگین «فعال‌سازی ابتدای یال × خطای انتهای یال» روی همهٔ نمونه‌هاست (بدون منظم‌سازی).",
    "expl.F9": "پیش از حلقهٔ نمونه‌ها، انباشتگرها صفر می‌شوند.",
    "expl.F10": "آغاز کار روی هر نمونه: ورودی نمونه فعال‌سازی لایهٔ اول می‌شود.",
    "expl.F11": "انتشار به جلو: برای $l = 2$ تا $L$، ابتدا $z^{(l)}$ و سپس $a^{(l)} = g(z^{(l)})$ حساب می‌شود. واحد بایاس $a_0 = 1$ به هر لایه جز لایهٔ خروجی افزوده می‌شود.",
    "expl.F12": "سهم هر نمونه در گرادیان به انباشتگر اضافه می‌شود؛ به شکل برداری، یک حاصل‌ضرب خارجی.",
    "expl.F13": "پس از همهٔ نمونه‌ها، برای وزن‌های غیربایاس: میانگین به‌علاوهٔ جملهٔ منظم‌سازی.",
    "expl.F14": "پس از همهٔ نمونه‌ها، برای وزن‌های بایاس ($j = 0$): فقط میانگین، بدون منظم‌سازی.",
    "expl.F15": "نتیجه: $D$ همان گرادیان هزینه است و گرادیان کاهشی با آن وزن‌ها را به‌روز می‌کند.",
    "expl.SE4": "این فرمول از درس نیست: خطای خروجی وقتی هزینه خطای مربعی باشد. در مثال‌های مشهور کتاب‌های درسی به کار می‌رود و اگر «خطای مربعی» را انتخاب کنید، برنامه آن را نشان می‌دهد.",
    # gradient check page
    "gc.title": "بررسی گرادیان",
    "gc.intro": "همان بررسی‌ای که در دوره برای اطمینان از درستی پیاده‌سازی پس‌انتشار توصیه می‌شود: هر درایهٔ $D$ را با تقریب عددی مشتق مقایسه می‌کنیم، با $\\varepsilon = 10^{{-4}}$:",
    "gc.rel": "اختلاف نسبی $\\lVert D - D_{{\\text{{num}}}} \\rVert / \\lVert D + D_{{\\text{{num}}}} \\rVert$",
    "gc.ok": "دو گرادیان تا {digits} رقم با هم می‌خوانند و اختلاف نسبی کمتر از $10^{{-7}}$ است: پس‌انتشار درست کار می‌کند.",
    "gc.criterion": "معیار این صفحه: اختلاف نسبی کمتر از $10^{{-7}}$. تابع checkNNGradients دوره برای شبکهٔ کوچک خودش انتظار اختلافی کمتر از $10^{{-9}}$ دارد؛ اما تفاضل مرکزی خودش خطایی از مرتبهٔ $\\varepsilon^2 = 10^{{-8}}$ ضرب در مشتق سوم دارد، و برای شبکه‌ها و وزن‌های بزرگ‌تر این خطا از $10^{{-9}}$ بیشتر می‌شود بی‌آنکه پس‌انتشار اشکالی داشته باشد. اختلاف یک پیاده‌سازی نادرست معمولاً از $10^{{-3}}$ هم بزرگ‌تر است.",
    "gc.bad": "اختلاف بیش از حد انتظار است ({value}). معمولاً این یعنی پیاده‌سازی پس‌انتشار اشکالی دارد.",
    "gc.col_matrix": "ماتریس",
    "gc.col_D": "D (پس‌انتشار)",
    "gc.col_num": "تقریب عددی",
    "gc.col_diff": "اختلاف",
    "gc.computing": "در حال محاسبهٔ {n} مشتق عددی…",
    "gc.sampled": "این شبکه {total} وزن دارد. برای آن‌که این صفحه بیش از حدود یک ثانیه از وقت سرور نگیرد، بررسی {n} وزن را در بر می‌گیرد: همهٔ وزن‌های بایاس (ستون $j = 0$) و نمونه‌ای تصادفی (با بذر ۰) از بقیه.",
    # training page
    "train.title": "آموزش شبکه با گرادیان کاهشی",
    "train.intro": "پس‌انتشار $D$ را به ما می‌دهد و با آن وزن‌ها را بارها به‌روز می‌کنیم: $\\Theta^{{(l)}} := \\Theta^{{(l)}} - \\alpha D^{{(l)}}$.",
    "train.iterations": "تعداد تکرار",
    "train.run": "شروع آموزش",
    "train.iteration": "تکرار",
    "train.use": "دیدن این وزن‌ها در صفحهٔ گام‌به‌گام",
    "train.limit": "برای این شبکه و این تعداد نمونه، هر بار اجرا حداکثر {n} تکرار دارد تا سرور برای همه سریع بماند.",
    "train.boundary": "مرز تصمیم: جایی که خروجی ۰٫۵ است",
    "train.no_boundary": "مرز تصمیم فقط برای شبکه‌هایی با دو ورودی رسم می‌شود.",
    "train.output": "گره خروجی",
    "train.before_after": "هزینه از {j0} به {j1} رسید.",
    "train.press": "دکمهٔ «شروع آموزش» را بزنید.",
    "train.outputs": "خروجی شبکهٔ آموزش‌دیده برای هر نمونه",
    "link.title": "بخشی از پیوند نادیده گرفته شد",
    "link.scenario": "مسئلهٔ این پیوند قابل استفاده نبود و مثال پیش‌فرض نشان داده می‌شود. دلیل: {reason}",
    "link.lang": "زبان {value} شناخته نیست.",
    "link.present": "مقدار {value} برای حالت ارائه معتبر نیست.",
    "link.practice": "سطح تمرین {value} معتبر نیست؛ مقدارهای معتبر: \u20660\u2069، \u20661\u2069، output و delta.",
    "link.step": "گام {value} در این مسئله وجود ندارد؛ از گام ۱ شروع می‌کنیم.",
    "link.too_long": "پیوند بیش از حد طولانی است و خوانده نشد؛ مثال پیش‌فرض نشان داده می‌شود.",
    "share.copy": "کپی پیوند",
    "ctl.speed_option": "{s} ثانیه",
    "fig.key_f": "یال‌هایی که z این گره از آن‌ها می‌آید",
    "fig.key_b": "یال‌هایی که خطا از آن‌ها به عقب برمی‌گردد",
    "fig.key_acc": "همهٔ وزن‌های این لایه: $\\Delta$ آن‌ها به‌روز می‌شود",
    "share.copied": "پیوند کپی شد.",
    "share.too_long_short": "این مسئله بزرگ‌تر از آن است که در یک پیوند جا شود؛ برای همین پیوند فقط زبان و گام فعلی را نگه می‌دارد. برای کوتاه‌تر شدن پیوند، وزن‌ها را تصادفی (با بذر) بگذارید یا نمونه‌ها را کم کنید.",
    "stage.region": "گام‌های پس‌انتشار",
    "stage.figure": "شبکه در این گام",
    "stage.matrices": "ماتریس‌ها و مقدارها",
    "stage.blank": "صفحه موقتاً خالی شده است؛ برای ادامه، کلید B یا نقطه (.) را بزنید.",
    "stage.offline": "ارتباط با سرور قطع شده است، ولی گام‌ها همچنان در دسترس‌اند.",
    "stage.loading": "در حال بارگذاری گام‌های بعدی…",
    "mx.header_all": "ماتریس‌های $D$ برای همهٔ لایه‌ها: نتیجهٔ نهایی پس‌انتشار",
    "fig.unit_hover": "گره {j} از لایهٔ {l}",
    "cap.gradient_one": "تنها نمونه دیده شده است. حالا یک بار و بیرون از حلقه، $D^{{({l})}}$ را می‌سازیم: $\\Delta$ را بر $m = 1$ تقسیم می‌کنیم و در ستون‌های $j \\neq 0$ جملهٔ منظم‌سازی $\\lambda\\Theta$ را هم پیش از تقسیم اضافه می‌کنیم.",
    "card.not_lesson_formula": "فرمول خطای لایهٔ خروجی برای هزینهٔ خطای مربعی (در درس نیامده)",
    "card.forward_formula": "انتشار به جلو (درس به آن ارجاع می‌دهد)",
    "card.cost_numbers": "هزینه برای وزن‌های فعلی",
    "share.label": "اشتراک‌گذاری",
    "share.intro": "این پیوند همین مسئله، همین گام و همین زبان را باز می‌کند:",
    "share.json": "دانلود همهٔ گام‌ها (JSON)",
    "share.script": "دانلود اسکریپت پایتون (numpy) که همهٔ عددها را دوباره حساب می‌کند",
    "present.on": "حالت ارائه",
    "present.off": "خروج از حالت ارائه",
    "present.help": "نمایش بزرگ برای کلاس؛ کلید P",
    "bar.label": "پرش به آغاز مرحله",
    "bar.forward": "انتشار به جلو",
    "bar.output_delta": "خطای خروجی",
    "bar.hidden_delta": "خطای لایهٔ پنهان",
    "bar.accumulate": "انباشت Δ",
    "bar.gradient": "محاسبهٔ D",
    "common.scenario": "{name}؛ لایه‌ها: {sizes}، {m} نمونه، $\\lambda = {lam}$",
    "common.scenario_one": "{name}؛ لایه‌ها: {sizes}، یک نمونه، $\\lambda = {lam}$",
    "sc.edit_there": "تغییر مسئله در صفحهٔ گام‌به‌گام",
    # ---- practice (#10): the student works out a value before it is shown ----
    "pr.switch": "تمرین",
    "pr.switch_help": "هر مقدار را پیش از آن‌که نشان داده شود خودتان حساب کنید",
    "pr.level": "سطح تمرین",
    "lv.watch": "فقط تماشا",
    "lv.output": "محاسبهٔ لایهٔ خروجی",
    "lv.delta": "محاسبهٔ همهٔ δها",
    "lv.all": "محاسبهٔ همه‌چیز",
    "pr.turn": "نوبت شماست",
    "pr.ask": "با عددهای زیر ${sym}$ را حساب کنید و جوابتان را بنویسید. چهار رقم بامعنا کافی است.",
    "pr.box": "جواب شما برای {sym}",
    "pr.check": "بررسی",
    "pr.again": "یک بار دیگر",
    "pr.show": "جواب را نشانم بده",
    "pr.right": "درست است! ${sym} = {v}$",
    "pr.shown": "جواب: ${sym} = {v}$",
    "pr.wrong": "هنوز درست نیست.",
    "pr.wrong_many": "هنوز درست نیست. چند اشتباه مختلف به همین عدد می‌رسند؛ شاید یکی از این‌ها باشد:",
    "pr.unknown": "هنوز درست نیست و با هیچ‌کدام از اشتباه‌های رایج هم جور درنمی‌آید. فرمول را جمله به جمله دوباره حساب کنید.",
    "pr.not_number": "«{text}» عدد نیست. عددی مثل ۰٫۵۹۳۳ یا \u2066−۰٫۰۲۷۹\u2069 بنویسید.",
    "pr.empty": "اول جوابتان را بنویسید.",
    "pr.score": "امتیاز شما",
    "pr.score_none": "هنوز به پرسشی جواب نداده‌اید.",
    "pr.score_part": "{name}: {right} از {done}",
    "pr.suggest": "آفرین! سه بار پشت سر هم {kind} را درست حساب کردید. برای سطح بعد، «{level}»، آماده‌اید؟",
    "pr.suggest_go": "رفتن به سطح بعد",
    "kind.a": "فعال‌سازی‌ها (a)",
    "kind.delta": "خطاها (δ)",
    "kind.Delta": "درایه‌های Δ",
    "kind.D": "درایه‌های D",
    "mk.bias_left_out": "بایاس را جا انداخته‌اید: مجموع از $k = 0$ شروع می‌شود، یعنی جملهٔ $\\Theta_{{i,0}}\\cdot a_0$ هم در آن هست و $a_0 = 1$.",
    "mk.bias_left_out.Delta": "ستون ۰ ماتریس Δ مربوط به واحد بایاس است و فعال‌سازی آن $a_0 = 1$ است، نه صفر؛ پس این نمونه $\\delta_i \\cdot 1$ را به آن اضافه می‌کند.",
    "mk.sigmoid_left_out": "این $z$ است، نه $a$: باید $z$ را از سیگموید بگذرانید، $a = g(z) = 1/(1+e^{{-z}})$.",
    "mk.sigmoid_sign": "علامت منفیِ توان جا افتاده است: $g(z) = 1/(1 + e^{{-z}})$. عدد شما در واقع $1 - a$ است.",
    "mk.previous_z_used": "به جای فعال‌سازی‌های لایهٔ قبل، $z$ آن‌ها را به کار برده‌اید؛ در این مجموع باید $a = g(z)$ بیاید.",
    "mk.sign_flipped": "علامت برعکس است: خطای خروجی در درس $\\delta^{{(L)}} = a^{{(L)}} - y$ است، یعنی خروجی شبکه منهای خروجی درست، نه $y - a$.",
    "mk.squared_error_delta": "عدد شما δِ هزینهٔ خطای مربعی است که ضریب $a(1-a)$ دارد. با هزینهٔ درس، یعنی آنتروپی متقاطع، این ضریب ساده می‌شود: $\\delta^{{(L)}} = a^{{(L)}} - y$.",
    "mk.cross_entropy_delta": "عدد شما همان δ درس برای آنتروپی متقاطع است، اما این شبکه با هزینهٔ خطای مربعی کار می‌کند و در خطای خروجی‌اش ضریب $a(1-a)$ باقی می‌ماند: $\\delta^{{(L)}} = (a - y)\\,a(1-a)$.",
    "mk.z_for_a": "جایی که فرمول خروجی $a = g(z)$ را می‌خواهد، $z$ را گذاشته‌اید.",
    "mk.derivative_left_out": "مشتق سیگموید جا افتاده است: مجموع را باید در $a_j(1 - a_j)$ ضرب کنید.",
    "mk.z_in_derivative": "مشتق سیگموید $g'(z) = a(1-a)$ است که با $a$ نوشته می‌شود، نه $z(1-z)$.",
    "mk.column_off_by_one": "ستونِ پیش از ستون درست را برداشته‌اید. ستون ۰ ماتریس Θ مربوط به بایاس است و وزن‌های گره j در ستون j هستند.",
    "mk.theta_not_transposed": "سطر j ماتریس Θ را به کار برده‌اید. δ از راه ترانهادهٔ Θ به عقب برمی‌گردد: وزن‌های گره j در ستون j هستند، یعنی $\\Theta_{{i,j}}$ برای همهٔ iها.",
    "mk.not_accumulated": "عدد شما فقط سهم همین نمونه ($a_j\\delta_i$) است. Δ انباشتگر است: این سهم را به مقداری که Δ از نمونه‌های قبلی داشت اضافه کنید.",
    "mk.indices_swapped": "اندیس‌ها جابه‌جا شده‌اند: درایهٔ $(i, j)$ برابر $a_j^{{(l)}}\\,\\delta_i^{{(l+1)}}$ است؛ i به لایهٔ بعد مربوط است و j به همین لایه.",
    "mk.wrong_delta_layer": "δ همین لایه را به کار برده‌اید. $\\Delta^{{(l)}}$ خطاهای لایهٔ بعدش، یعنی $\\delta^{{(l+1)}}$، را جمع می‌کند.",
    "mk.forgot_m": "تقسیم بر $m$ را فراموش کرده‌اید: D میانگین روی $m$ نمونه است.",
    "mk.regularised_bias": "ستون $j = 0$، یعنی بایاس، منظم‌سازی نمی‌شود: $D_{{i,0}} = \\frac{{1}}{{m}}\\Delta_{{i,0}}$، بدون $\\lambda\\Theta$.",
    "mk.regularisation_left_out": "در ستون‌های $j \\neq 0$ جملهٔ منظم‌سازی هم هست: پیش از تقسیم بر $m$، مقدار $\\lambda\\Theta_{{i,j}}$ را اضافه کنید.",
    "mk.lambda_outside_m": "جملهٔ $\\lambda\\Theta$ پیش از تقسیم اضافه می‌شود، پس آن هم بر $m$ تقسیم می‌شود: $\\frac{{1}}{{m}}(\\Delta + \\lambda\\Theta)$.",
    # live class (cl.*: the class bar and its messages; mkn.*: the histogram's short names)
    "cl.label": "کلاس زنده",
    "cl.start": "شروع کلاس",
    "cl.start_help": "دانشجوها همین گام‌ها را روی گوشی خودشان دنبال می‌کنند و به پرسش‌های شما جواب می‌دهند",
    "cl.starting": "کلاس دارد شروع می‌شود…",
    "cl.start_failed": "کلاس شروع نشد: {why}",
    "cl.code": "کد کلاس",
    "cl.join": "برای پیوستن به کلاس، این نشانی را باز کنید یا کد QR را با دوربین گوشی بخوانید:",
    "cl.qr": "کد QR نشانی کلاس",
    "cl.students": "دانشجوهای حاضر: {n}",
    "cl.show_code": "نمایش کد کلاس",
    "cl.hide_code": "بستن کد کلاس",
    "cl.lock": "قفل کردن دنبال‌کردن",
    "cl.unlock": "باز کردن قفل",
    "cl.lock_help": "تا وقتی قفل است، صفحهٔ دانشجوها همراه درس جلو می‌رود و نمی‌توانند جدا شوند",
    "cl.ask": "پرسیدن از کلاس",
    "cl.ask_help": "همه مقدار همین گام را حساب می‌کنند و جوابشان را می‌فرستند",
    "cl.ask_none": "در این گام مقداری برای پرسیدن نیست؛ به گامی بروید که مقداری حساب می‌کند.",
    "cl.question": "پرسش {n} از کلاس",
    "cl.answered": "{n} نفر از {total} نفر جواب داده‌اند",
    "cl.reveal": "نشان دادن جواب‌ها",
    "cl.revote": "رأی‌گیری دوباره",
    "cl.revote_help": "بعد از گفت‌وگو با بغل‌دستی‌ها، همه یک بار دیگر جواب می‌دهند",
    "cl.close": "بستن پرسش",
    "cl.end": "پایان کلاس",
    "cl.end_confirm": "کلاس برای همه تمام شود؟",
    "cl.csv": "دریافت شمارش جواب‌ها (CSV)",
    "cl.vote1": "رأی اول",
    "cl.vote2": "پس از گفت‌وگو",
    "cl.histogram": "پخش جواب‌ها",
    "cl.no_answers": "هنوز جوابی نرسیده است.",
    "cl.following": "همراه درس هستید؛ کلاس {code}",
    "cl.detach": "خودم جلو می‌روم",
    "cl.detached": "دارید خودتان جلو می‌روید؛ درس در گام {n} است.",
    "cl.rejoin": "برگشت به درس",
    "cl.locked": "استاد دنبال‌کردن را قفل کرده است: صفحهٔ شما همراه درس جلو می‌رود.",
    "cl.asked": "استاد پرسشی پرسیده است.",
    "cl.answer_now": "جواب دادن",
    "cl.sent": "جوابتان رسید. صبر کنید تا استاد جواب‌ها را نشان دهد.",
    "cl.too_late": "وقت جواب دادن به این پرسش تمام شده است.",
    "cl.your_answer": "جواب شما: ${v}$",
    "cl.ended": "کلاس تمام شد. اگر بخواهید، می‌توانید گام‌ها را خودتان ادامه دهید.",
    "cl.offline": "ارتباط با کلاس قطع شده است؛ دوباره وصل می‌شویم…",
    "cl.gone": "کلاسی با کد {code} پیدا نشد. شاید تمام شده باشد (کلاسی که چهار ساعت بی‌کار بماند بسته می‌شود) یا کد اشتباه نوشته شده باشد. برنامه بدون کلاس باز شد.",
    "cl.bad_code": "«{code}» کد کلاس نیست: کد کلاس شش حرف و رقم است، مثل ⁦K7P3QX⁩. برنامه بدون کلاس باز شد.",
    "cl.unavailable": "کلاس زنده فعلاً در دسترس نیست. برنامه بدون کلاس باز شد.",
    "cl.full": "ظرفیت این کلاس پر است. می‌توانید گام‌ها را خودتان دنبال کنید.",
    "cl.why.too_many_rooms": "این سرور بیش از این کلاس هم‌زمان نمی‌پذیرد؛ کمی بعد دوباره امتحان کنید.",
    "cl.why.unavailable": "سرویس کلاس زنده در دسترس نیست.",
    "cl.why.scenario": "نشانی این شبکه برای کلاس بیش از حد بلند است.",
    "cl.why.other": "سرور درخواست را نپذیرفت.",
    "cl.share_student": "نشانی دانشجوها (رمز استاد در آن نیست):",
    "mkn.right": "درست",
    "mkn.other": "اشتباه‌های دیگر",
    "mkn.bias_left_out": "بایاس جا افتاده",
    "mkn.sigmoid_left_out": "z به جای g(z)",
    "mkn.sigmoid_sign": "علامت توان در g",
    "mkn.previous_z_used": "z لایهٔ قبل به جای a",
    "mkn.sign_flipped": "علامت برعکس (y − a)",
    "mkn.squared_error_delta": "δ خطای مربعی",
    "mkn.cross_entropy_delta": "δ آنتروپی متقاطع",
    "mkn.z_for_a": "z به جای a",
    "mkn.derivative_left_out": "مشتق g جا افتاده",
    "mkn.z_in_derivative": "z(1−z) به جای a(1−a)",
    "mkn.column_off_by_one": "ستون یکی عقب",
    "mkn.theta_not_transposed": "سطر Θ به جای ستون",
    "mkn.not_accumulated": "جمع نشده با Δ قبلی",
    "mkn.indices_swapped": "جای i و j عوض شده",
    "mkn.wrong_delta_layer": "δ لایهٔ اشتباه",
    "mkn.forgot_m": "تقسیم بر m جا افتاده",
    "mkn.regularised_bias": "بایاس منظم شده",
    "mkn.regularisation_left_out": "λΘ جا افتاده",
    "mkn.lambda_outside_m": "λΘ بیرون از تقسیم بر m",
}

EN: dict[str, str] = {
    "app.title": "Backpropagation, step by step",
    "app.subtitle": "Follow the lesson's algorithm unit by unit: the forward pass first, then the errors from right to left, and the gradient at the end.",
    "menu.main": "Step by step",
    "menu.lesson": "The lesson's formulas",
    "menu.gradcheck": "Gradient check",
    "menu.training": "Training",
    "menu.worksheet": "Worksheet",
    "ws.title": "Backpropagation worksheet",
    "ws.intro": "Every step of this walk, each with the lesson's formula and its numbers. Where there is an empty box, work the value out and write it in. Each step gives the numbers it needs, so a slip in one box does not carry into the next. The answer key starts on a new page.",
    "ws.level": "What to ask",
    "ws.print": "Print",
    "ws.print_help": "For A4 paper, without the menu; the answer key prints on a page of its own.",
    "ws.too_big": "This walk has {n} steps; a worksheet is made for walks of up to {max} steps. Choose a smaller network or fewer examples.",
    "ws.name_line": "Name: ..............................   Date: ..............................",
    "ws.no_blanks": "Nothing is asked at this level: the sheet is the worked example.",
    "ws.step": "**Step {n}: {title}**",
    "ws.key_title": "Answer key",
    "ws.answer": "({k}) step {n}: ${value}$",
    "lang.label": "زبان / Language",
    "sc.header": "Scenario",
    "sc.preset": "Ready-made example",
    "preset.tiny": "The classic worked example, one output",
    "preset.xor": "XOR, four examples",
    "preset.mazur": "The classic worked example, two outputs, squared error",
    "preset.gradcheck": "The course's gradient-check network",
    "preset.custom": "Custom network",
    "sc.sizes": "Nodes per layer",
    "sc.sizes_help": "Write the number of nodes of each layer, from input to output, separated by commas or dashes, e.g. 2, 3, 1. 2 to 10 layers, 1 to 32 nodes each.",
    "sc.weights": "Weights",
    "sc.weights_seed": "Random, from a seed",
    "sc.weights_edit": "Edit by hand",
    "sc.seed": "Random seed",
    "sc.eps": "εᵢₙᵢₜ: weights are drawn from [−εᵢₙᵢₜ, εᵢₙᵢₜ]",
    "sc.theta": "Matrix $\\Theta^{{({l})}}$ (column $j = 0$: the bias weights)",
    "sc.examples": "Training examples (one row each)",
    "sc.examples_help": "The x columns are the inputs, the y columns the correct outputs. To add an example, click the empty row below the table; to delete one, tick the box at the start of its row and press the bin icon above the table.",
    "sc.lam": "λ (regularisation)",
    "sc.loss": "Cost function",
    "loss.cross_entropy": "Cross-entropy (the lesson's)",
    "loss.squared_error": "Squared error",
    "sc.alpha": "Learning rate α",
    "sc.invalid": "Not accepted.",
    "sc.table_reset": "An edit that reached the table could not be applied; the table is back to the last valid values.",
    "sc.edited": "Edited: {name} ({sizes})",
    "sc.undo": "Undo",
    "sc.redo": "Redo",
    "sc.last_change": "Last change: {what}",
    "sc.undone": "The last change was undone.",
    "sc.redone": "The change was made again.",
    "what.preset": "ready-made example",
    "what.sizes": "nodes per layer",
    "what.weights_mode": "how the weights are set",
    "what.theta": "matrix $\\Theta^{{({l})}}$",
    "what.examples": "training examples",
    "what.lam": "λ",
    "what.loss": "cost function",
    "what.alpha": "learning rate α",
    "what.seed": "random seed",
    "what.eps": "$\\varepsilon_{{\\text{{init}}}}$",
    "what.trained": "the trained weights",
    "sc.kept_value": "The walk still uses {symbol} = {value}.",
    "sc.kept_sizes": "The walk still uses the {sizes} network; your text stays here so you can correct it.",
    "sc.kept_examples": "The walk still uses the last valid table; your edits stay in the table so you can correct them.",
    "sc.kept_weights": "The walk still uses the last valid weights; your edits stay in the table so you can correct them.",
    "sc.incomplete_one": "Row {rows} is not complete yet. It joins the examples once every cell has a number; until then the walk uses the examples as they were.",
    "sc.incomplete_many": "Rows {rows} are not complete yet. They join the examples once every cell has a number; until then the walk uses the examples as they were.",
    "sc.cell_help": "Type a number, e.g. 0.5, -2 or 1e-3.",
    "sc.theta_wide": "Matrix $\\Theta^{{({l})}}$ ({shape}) is too wide for the sidebar.",
    "sc.examples_wide": "The examples table has {cols} columns, too many for the sidebar.",
    "sc.wide_open_weights": "Edit the weights in a wide window",
    "sc.wide_open_examples": "Edit the examples in a wide window",
    "sc.wide_title": "Edit the numbers",
    "sc.wide_help": "Every column is here; a table still wider than the window scrolls sideways inside itself. A change is used as soon as its cells are complete.",
    "sc.wide_done": "Close",
    "edit.seeded_redrawn": "The weights were drawn again from seed {seed} with $\\varepsilon_{{\\text{{init}}}} = {eps}$ for the network's new shape.",
    "edit.theta_redrawn": "$\\Theta^{{({l})}}$ changed shape from {old} to {shape}, so it was drawn again from seed {seed} with $\\varepsilon_{{\\text{{init}}}} = {eps}$.",
    "edit.theta_new": "$\\Theta^{{({l})}}$ is a new {shape} matrix, drawn from seed {seed} with $\\varepsilon_{{\\text{{init}}}} = {eps}$.",
    "edit.theta_restored": "$\\Theta^{{({l})}}$ is {shape} again and got its earlier numbers back.",
    "edit.theta_dropped": "The matrices $\\Theta$ of the removed layers were put aside; they come back if you add those layers again.",
    "edit.x_zero": "Input {cols} was added to every example, set to 0 for now.",
    "edit.x_restored": "Input {cols} came back with its earlier values.",
    "edit.x_dropped": "Input {cols} was removed; its values come back if you add it again.",
    "edit.y_zero": "Target {cols} was added to every example, set to 0 for now.",
    "edit.y_restored": "Target {cols} came back with its earlier values.",
    "edit.y_dropped": "Target {cols} was removed; its values come back if you add it again.",
    "edit.x_zero_many": "Inputs {cols} were added to every example, set to 0 for now.",
    "edit.x_restored_many": "Inputs {cols} came back with their earlier values.",
    "edit.x_dropped_many": "Inputs {cols} were removed; their values come back if you add them again.",
    "edit.y_zero_many": "Targets {cols} were added to every example, set to 0 for now.",
    "edit.y_restored_many": "Targets {cols} came back with their earlier values.",
    "edit.y_dropped_many": "Targets {cols} were removed; their values come back if you add them again.",
    "edit.weights_seeded": "The weights are now drawn from seed {seed} with $\\varepsilon_{{\\text{{init}}}} = {eps}$. Undo brings back the ones you typed.",
    "ctl.reset": "Restart",
    "ctl.prev": "Back",
    "ctl.next": "Next",
    "ctl.play": "Play",
    "ctl.pause": "Pause",
    "ctl.speed": "Seconds per step",
    "ctl.jump": "Go to step",
    "ctl.keys": "Keys: → or PageDown next, ← or PageUp back, Space play/pause, Home restart.",
    "st.example": "example {t} of {m}",
    "st.before": "before the loop over examples",
    "st.after": "after all examples",
    "st.forward": "forward pass",
    "st.backward": "backward pass",
    "st.accumulate": "accumulate",
    "st.gradient": "gradient",
    "st.layer": "layer {l}",
    "st.node": "node {j}",
    "st.step": "step {i} / {n}",
    "phase.init": "Zero the accumulators",
    "phase.input": "Take an example",
    "phase.forward": "Forward pass",
    "phase.output_delta": "Output-layer error",
    "phase.hidden_delta": "Hidden-layer errors",
    "phase.accumulate": "Accumulate into Δ",
    "phase.gradient": "Compute D",
    "phase.result": "Result",
    "cap.init": "Before looking at any example, every entry of the accumulator matrices $\\Delta^{{(l)}}$ is set to zero. Each example will then add its share of the gradient to them.",
    "cap.input": "Take example {t}. Its input $x^{{({t})}}$ is the activation of layer 1; the input layer computes nothing and has no $z^{{(1)}}$.",
    "cap.forward": "Unit {j} of layer {l}: multiply each activation of the previous layer by the weight on the edge that reaches this unit, add them up to get $z$, then pass $z$ through the sigmoid $g$.",
    "cap.output_delta": "Error of output unit {j}: the network's output minus the target $y$. Positive means the output is too large, negative too small.",
    "cap.output_delta_se": "With the squared-error cost the output error carries an extra factor: the sigmoid's derivative $a(1-a)$.",
    "cap.hidden_delta": "Error of unit {j} in layer {l}: carry the errors of the next layer back along the edges that connect this unit to them, weigh each by its edge's weight, add them up, and multiply by the sigmoid's derivative $a(1-a)$. This time we move from right to left.",
    "cap.accumulate": "Add example {t}'s share to $\\Delta^{{({l})}}$: the outer product of the errors of layer {l1} with the activations of layer {l} (bias unit included). Each entry is $a_j \\delta_i$.",
    "cap.gradient": "All {m} examples have been seen. Now, once and outside the loop, build $D^{{({l})}}$: divide $\\Delta$ by $m$, and in the columns $j \\neq 0$ add the regularisation term $\\lambda\\Theta$ before dividing.",
    "cap.result": "$D^{{(l)}}$ is the partial derivative of the cost with respect to every single weight; gradient descent uses these numbers to update the weights. The cost for the current weights:",
    "bias.forward": "The first term of the sum belongs to the bias unit: $a_0 = 1$ always, so the weight $\\Theta_{{{j},0}}^{{({lp})}}$ enters the sum as it is.",
    "bias.hidden_delta": "The bias unit has no error: it is always 1 and depends on no weight before it. So $\\delta_0$ is dropped and column 0 of $\\Theta$ takes no part in this sum.",
    "bias.accumulate": "Column 0 of this product comes from $a_0 = 1$, so it is just the next layer's errors: this example's share of $\\Delta$'s bias column, before dividing by $m$.",
    "bias.gradient": "Column $j = 0$ (the bias weights) is not regularised; that is why $D$ has two cases.",
    "slip.title": "A note on the lesson's text",
    "slip.delta_is_error": "The lesson's first note calls $\\delta_j^{{(l)}}$ the activation node. The correct reading: $a_j^{{(l)}}$ is the activation of node $j$, and $\\delta_j^{{(l)}}$ is that node's error.",
    "slip.forward_range": "The lesson's algorithm says “compute $a^{{(1)}}$ for $l = 1, \\dots, L$”. It means $a^{{(l)}}$ for $l = 2$ to $L$: $a^{{(1)}}$ was just set from $x$.",
    "slip.product_shape": "The lesson's second note speaks of an $s_{{l+1}} \\times s_l$ product. With the bias unit in $a^{{(l)}}$ the product is $s_{{l+1}} \\times (s_l + 1)$, exactly the shape of $\\Theta^{{(l)}}$.",
    "slip.d_after_loop": "The lesson's list puts the two $D$ lines right after the $\\Delta$ line, as if inside the loop over examples. $D$ is computed once, after all $m$ examples.",
    "notlesson.title": "Not the lesson's formula",
    "notlesson.se4": "The lesson uses the cross-entropy cost, whose output error is $\\delta^{{(L)}} = a^{{(L)}} - y$. You chose the squared-error cost of the classic textbook examples; with it the factor $a(1-a)$ does not cancel.",
    "card.lesson_formula": "The lesson's formula",
    "card.numbers": "With this step's numbers",
    "card.case_bias": "Column $j = 0$ (bias)",
    "card.case_other": "Columns $j \\neq 0$",
    "mx.header": "Matrices of layer {l}",
    "mx.pending": "Not computed yet; built after all examples.",
    "mx.vectors": "Values of the current example",
    "mx.outer": "What this step adds: $\\delta^{{({l1})}}(a^{{({l})}})^T$",
    "fig.positive": "positive weight (solid)",
    "train.class_high": "examples with y ≥ 0.5",
    "train.class_low": "examples with y < 0.5",
    "fig.negative": "negative weight (dashed)",
    "fig.layer_input": "layer {layer} (input)",
    "fig.layer_hidden": "layer {layer} (hidden)",
    "fig.layer_output": "layer {layer} (output)",
    "fig.layer_short": "layer {layer}",
    "fig.bias_hover": "bias unit of layer {layer}: always a₀ = 1",
    "lesson.title": "The lesson's formulas",
    "lesson.intro": "Every formula of the backpropagation lesson, with its number. Under each: a short explanation, and the steps of the step-by-step page that use it.",
    "lesson.used": "Used in: {phases}",
    "lesson.context": "Not shown as a step of its own; it is the background for the others.",
    "lesson.go": "Go to the first step that uses {id}",
    "expl.F1": "The goal of it all: find weights that minimise the cost $J$. Backpropagation computes the gradient this minimisation needs.",
    "expl.F2": "What we are after: the partial derivative of the cost with respect to each weight, i.e. how much the cost changes when that weight changes a little.",
    "expl.F3": "$\\delta_j^{(l)}$ is the error of node $j$ in layer $l$: how much this node contributes to the output's error. (The node's activation is $a_j^{(l)}$.)",
    "expl.F4": "The output layer's error: the network's output minus the target. For the cross-entropy cost with sigmoid outputs this is exactly the right derivative.",
    "expl.F5": "Hidden-layer errors in general form: the next layer's errors travel back through the transpose of $\\Theta$ and are multiplied by the activation function's derivative. $(\\Theta^{(l)})^T \\delta^{(l+1)}$ has $s_l + 1$ entries; entry 0 belongs to the bias unit and is dropped.",
    "expl.F6": "The sigmoid's derivative can be written with the sigmoid itself, so the activations are all we need.",
    "expl.F7": "F5 with $g'(z^{(l)})$ replaced by $a^{(l)} .* (1 - a^{(l)})$; here too, of the $s_l + 1$ entries of $(\\Theta^{(l)})^T \\delta^{(l+1)}$ entry 0 (the bias) is dropped. The steps compute it node by node, from right to left.",
    "expl.F8": "Each weight's gradient is the average over examples of “activation at the edge's start × error at its end” (without regularisation).",
    "expl.F9": "Before the loop over examples, the accumulators are zeroed.",
    "expl.F10": "The start of each example: its input becomes the activation of layer 1.",
    "expl.F11": "The forward pass: for $l = 2$ to $L$, first $z^{(l)}$, then $a^{(l)} = g(z^{(l)})$. The bias unit $a_0 = 1$ is added to every layer but the output.",
    "expl.F12": "Each example's share of the gradient is added to the accumulator; in vector form, one outer product.",
    "expl.F13": "After all examples, for the non-bias weights: the average plus the regularisation term.",
    "expl.F14": "After all examples, for the bias weights ($j = 0$): the average only, no regularisation.",
    "expl.F15": "The result: $D$ is the gradient of the cost, and gradient descent updates the weights with it.",
    "expl.SE4": "Not the lesson's formula: the output error when the cost is the squared error. The classic textbook examples use it; the app shows it when “squared error” is chosen.",
    "gc.title": "Gradient check",
    "gc.intro": "The check the course recommends to make sure a backpropagation implementation is right: compare every entry of $D$ with a numerical estimate of the derivative, with $\\varepsilon = 10^{{-4}}$:",
    "gc.rel": "Relative difference $\\lVert D - D_{{\\text{{num}}}} \\rVert / \\lVert D + D_{{\\text{{num}}}} \\rVert$",
    "gc.ok": "The two gradients agree to {digits} digits, a relative difference below $10^{{-7}}$: backpropagation is working.",
    "gc.criterion": "This page's criterion: a relative difference below $10^{{-7}}$. The course's checkNNGradients expects below $10^{{-9}}$ on its own small network; but the centred difference itself errs by about $\\varepsilon^2 = 10^{{-8}}$ times the third derivative, which on other networks and larger weights exceeds $10^{{-9}}$ with nothing wrong in backpropagation. A wrong implementation is usually off by more than $10^{{-3}}$.",
    "gc.bad": "The difference is larger than expected ({value}). This usually means a mistake in the backpropagation code.",
    "gc.col_matrix": "matrix",
    "gc.col_D": "D (backprop)",
    "gc.col_num": "numerical",
    "gc.col_diff": "difference",
    "gc.computing": "Computing {n} numerical derivatives…",
    "gc.sampled": "This network has {total} weights. To keep this page within about a second of the server's time, the check covers {n} of them: every bias weight (column $j = 0$) and a random sample (seed 0) of the others.",
    "train.title": "Training with gradient descent",
    "train.intro": "With the $D$ that backpropagation gives, update the weights again and again: $\\Theta^{{(l)}} := \\Theta^{{(l)}} - \\alpha D^{{(l)}}$.",
    "train.iterations": "Iterations",
    "train.run": "Start training",
    "train.iteration": "iteration",
    "train.use": "See these weights on the step-by-step page",
    "train.limit": "For this network and this many examples one run takes at most {n} iterations, so the server stays quick for everyone.",
    "train.boundary": "Decision boundary: where the output is 0.5",
    "train.no_boundary": "The decision boundary is drawn for networks with two inputs only.",
    "train.output": "Output unit",
    "train.before_after": "The cost went from {j0} to {j1}.",
    "train.press": "Press “Start training”.",
    "train.outputs": "The trained network's output for each example",
    "link.title": "Part of the link was ignored",
    "link.scenario": "The link's scenario could not be used, so the default example is shown. Reason: {reason}",
    "link.lang": "The language {value} is unknown.",
    "link.present": "{value} is not a valid value for presentation mode.",
    "link.practice": "The practice level {value} is unknown; valid values are 1, output, delta and 0.",
    "link.step": "There is no step {value} in this walk; starting at step 1.",
    "link.too_long": "The link is too long to read; the default example is shown.",
    "share.copy": "Copy link",
    "ctl.speed_option": "{s} s",
    "fig.key_f": "the edges this unit's z comes from",
    "fig.key_b": "the edges the error travels back along",
    "fig.key_acc": "every weight of this layer: its $\\Delta$ is updated",
    "share.copied": "Link copied.",
    "share.too_long_short": "This scenario is too big for a link; the link keeps only the language and the step. Seeded random weights or fewer examples make it short again.",
    "stage.region": "Backpropagation steps",
    "stage.figure": "The network at this step",
    "stage.matrices": "Matrices and values",
    "stage.blank": "The screen is blanked; press B or . to go on.",
    "stage.offline": "The connection to the server is down; stepping still works.",
    "stage.loading": "The next steps are on their way…",
    "mx.header_all": "$D$ of every layer: the lesson's result",
    "fig.unit_hover": "unit {j} of layer {l}",
    "cap.gradient_one": "The only example has been seen. Now, once and outside the loop, build $D^{{({l})}}$: divide $\\Delta$ by $m = 1$, and in the columns $j \\neq 0$ add the regularisation term $\\lambda\\Theta$ before dividing.",
    "card.not_lesson_formula": "The output error for squared error (not the lesson's)",
    "card.forward_formula": "Forward propagation, which the lesson refers to",
    "card.cost_numbers": "The cost for the current weights",
    "share.label": "Share",
    "share.intro": "This link opens this scenario, at this step, in this language:",
    "share.json": "Download every step (JSON)",
    "share.script": "Download a Python script (numpy) that reproduces every number",
    "present.on": "Present",
    "present.off": "Leave presentation",
    "present.help": "Large view for a lecture hall; key P",
    "bar.label": "Jump to the start of a phase",
    "bar.forward": "Forward",
    "bar.output_delta": "Output error",
    "bar.hidden_delta": "Hidden errors",
    "bar.accumulate": "Accumulate Δ",
    "bar.gradient": "Compute D",
    "common.scenario": "{name}; layers {sizes}, $m = {m}$ examples, $\\lambda = {lam}$",
    "common.scenario_one": "{name}; layers {sizes}, one example ($m = 1$), $\\lambda = {lam}$",
    "sc.edit_there": "Change it on the step-by-step page",
    # ---- practice (#10): the student works out a value before it is shown ----
    "pr.switch": "Practice",
    "pr.switch_help": "Work out each value yourself before it is shown",
    "pr.level": "Practice level",
    "lv.watch": "Just watch",
    "lv.output": "Predict the output layer",
    "lv.delta": "Predict every δ",
    "lv.all": "Predict everything",
    "pr.turn": "Your turn",
    "pr.ask": "Work out ${sym}$ from the numbers below and type your answer. Four significant figures are enough.",
    "pr.box": "Your answer for {sym}",
    "pr.check": "Check",
    "pr.again": "Try again",
    "pr.show": "Show me",
    "pr.right": "Right! ${sym} = {v}$",
    "pr.shown": "The answer: ${sym} = {v}$",
    "pr.wrong": "Not quite.",
    "pr.wrong_many": "Not quite. This number comes out of more than one mistake:",
    "pr.unknown": "Not quite, and it is not one of the usual mistakes either. Work through the formula term by term.",
    "pr.not_number": "“{text}” is not a number. Type a number such as 0.5933 or −0.0279.",
    "pr.empty": "Type your answer first.",
    "pr.score": "Your score",
    "pr.score_none": "No question answered yet.",
    "pr.score_part": "{name} {right}/{done}",
    "pr.suggest": "Three right in a row on {kind}. Ready for the next level, “{level}”?",
    "pr.suggest_go": "Go to the next level",
    "kind.a": "activations a",
    "kind.delta": "errors δ",
    "kind.Delta": "entries of Δ",
    "kind.D": "entries of D",
    "mk.bias_left_out": "You left out the bias: the sum starts at $k = 0$, so it has the term $\\Theta_{{i,0}}\\cdot a_0$, and $a_0 = 1$.",
    "mk.bias_left_out.Delta": "Column 0 of Δ belongs to the bias unit, whose activation is $a_0 = 1$, not 0: this example adds $\\delta_i \\cdot 1$ to it.",
    "mk.sigmoid_left_out": "That is $z$, not $a$: pass $z$ through the sigmoid, $a = g(z) = 1/(1+e^{{-z}})$.",
    "mk.sigmoid_sign": "The exponent lost its sign: $g(z) = 1/(1 + e^{{-z}})$, with a minus. Your number is $1 - a$.",
    "mk.previous_z_used": "You used the previous layer's $z$ values; the sum takes its activations $a = g(z)$.",
    "mk.sign_flipped": "The sign is flipped: the lesson's output error is $\\delta^{{(L)}} = a^{{(L)}} - y$, the network's output minus the target, not $y - a$.",
    "mk.squared_error_delta": "That is the δ of the squared-error cost, with its factor $a(1-a)$. With the lesson's cross-entropy cost the factor cancels: $\\delta^{{(L)}} = a^{{(L)}} - y$.",
    "mk.cross_entropy_delta": "That is the lesson's δ for cross-entropy. This network uses squared error, whose output error keeps the factor $a(1-a)$: $\\delta^{{(L)}} = (a - y)\\,a(1-a)$.",
    "mk.z_for_a": "You used $z$ where the formula has the output $a = g(z)$.",
    "mk.derivative_left_out": "The sigmoid's derivative is missing: multiply the sum by $a_j(1 - a_j)$.",
    "mk.z_in_derivative": "The sigmoid's derivative is $g'(z) = a(1-a)$, written with $a$, not $z(1-z)$.",
    "mk.column_off_by_one": "You took the column before the right one. Column 0 of Θ is the bias's; unit j's weights are in column j.",
    "mk.theta_not_transposed": "You used row j of Θ. δ travels back through Θ's transpose: unit j's weights are column j, $\\Theta_{{i,j}}$ for every i.",
    "mk.not_accumulated": "That is only this example's share, $a_j\\delta_i$. Δ accumulates: add the share to what Δ held from the examples before.",
    "mk.indices_swapped": "The indices are swapped: entry $(i, j)$ is $a_j^{{(l)}}\\,\\delta_i^{{(l+1)}}$, i for the layer after and j for this one.",
    "mk.wrong_delta_layer": "You used δ of this layer. $\\Delta^{{(l)}}$ collects the errors of the layer after it, $\\delta^{{(l+1)}}$.",
    "mk.forgot_m": "You forgot to divide by $m$: D is an average over the $m$ examples.",
    "mk.regularised_bias": "Column $j = 0$, the bias, is not regularised: $D_{{i,0}} = \\frac{{1}}{{m}}\\Delta_{{i,0}}$, with no $\\lambda\\Theta$.",
    "mk.regularisation_left_out": "A column $j \\neq 0$ has the regularisation term: add $\\lambda\\Theta_{{i,j}}$ before dividing by $m$.",
    "mk.lambda_outside_m": "$\\lambda\\Theta$ is added before dividing, so it is divided by $m$ too: $\\frac{{1}}{{m}}(\\Delta + \\lambda\\Theta)$.",
    # live class (cl.*: the class bar and its messages; mkn.*: the histogram's short names)
    "cl.label": "Live class",
    "cl.start": "Start a class",
    "cl.start_help": "Students follow this walk on their own phones and answer your questions",
    "cl.starting": "Starting the class…",
    "cl.start_failed": "The class did not start: {why}",
    "cl.code": "Class code",
    "cl.join": "To join the class, open this link or scan the QR code with a phone's camera:",
    "cl.qr": "QR code of the class link",
    "cl.students": "Students here: {n}",
    "cl.show_code": "Show the class code",
    "cl.hide_code": "Hide the class code",
    "cl.lock": "Lock following",
    "cl.unlock": "Unlock following",
    "cl.lock_help": "While locked, students' screens move with the lecture and they cannot detach",
    "cl.ask": "Ask the room",
    "cl.ask_help": "Everyone works out this step's value and sends their answer",
    "cl.ask_none": "This step computes no value to ask; go to a step that does.",
    "cl.question": "Question {n} to the room",
    "cl.answered": "{n} of {total} have answered",
    "cl.reveal": "Reveal the answers",
    "cl.revote": "Vote again",
    "cl.revote_help": "After talking it over with their neighbours, everyone answers once more",
    "cl.close": "Close the question",
    "cl.end": "End the class",
    "cl.end_confirm": "End the class for everyone?",
    "cl.csv": "Download the counts (CSV)",
    "cl.vote1": "First vote",
    "cl.vote2": "After discussion",
    "cl.histogram": "How the answers split",
    "cl.no_answers": "No answers yet.",
    "cl.following": "Following the lecture: class {code}",
    "cl.detach": "Explore on my own",
    "cl.detached": "You are exploring on your own; the lecture is at step {n}.",
    "cl.rejoin": "Back to the lecture",
    "cl.locked": "The teacher has locked following: your screen moves with the lecture.",
    "cl.asked": "The teacher is asking a question.",
    "cl.answer_now": "Answer",
    "cl.sent": "Your answer is in. Wait for the teacher to reveal the answers.",
    "cl.too_late": "This question no longer takes answers.",
    "cl.your_answer": "Your answer: ${v}$",
    "cl.ended": "The class has ended. You can go on through the walk on your own.",
    "cl.offline": "Lost the connection to the class; reconnecting…",
    "cl.gone": "There is no class with the code {code}. It may have ended (a class closes after four idle hours) or the code may be mistyped. The app opened without a class.",
    "cl.bad_code": "“{code}” is not a class code: a class code is six letters and digits, such as K7P3QX. The app opened without a class.",
    "cl.unavailable": "The live class is not available right now. The app opened without a class.",
    "cl.full": "This class is full. You can follow the walk on your own.",
    "cl.why.too_many_rooms": "this server takes no more classes at once; try again in a while.",
    "cl.why.unavailable": "the live-class service cannot be reached.",
    "cl.why.scenario": "this network's link is too long for a class.",
    "cl.why.other": "the server refused the request.",
    "cl.share_student": "The students' link (without the teacher's secret):",
    "mkn.right": "right",
    "mkn.other": "other mistakes",
    "mkn.bias_left_out": "bias left out",
    "mkn.sigmoid_left_out": "z instead of g(z)",
    "mkn.sigmoid_sign": "sign of the exponent in g",
    "mkn.previous_z_used": "previous layer's z for a",
    "mkn.sign_flipped": "sign flipped (y − a)",
    "mkn.squared_error_delta": "squared-error δ",
    "mkn.cross_entropy_delta": "cross-entropy δ",
    "mkn.z_for_a": "z instead of a",
    "mkn.derivative_left_out": "g′ left out",
    "mkn.z_in_derivative": "z(1−z) for a(1−a)",
    "mkn.column_off_by_one": "column off by one",
    "mkn.theta_not_transposed": "row of Θ for a column",
    "mkn.not_accumulated": "not added to Δ",
    "mkn.indices_swapped": "i and j swapped",
    "mkn.wrong_delta_layer": "δ of the wrong layer",
    "mkn.forgot_m": "forgot to divide by m",
    "mkn.regularised_bias": "bias regularised",
    "mkn.regularisation_left_out": "λΘ left out",
    "mkn.lambda_outside_m": "λΘ not divided by m",
}

STRINGS = {"fa": FA, "en": EN}


def t(key: str, lang: str, **params) -> str:
    """The string ``key`` in ``lang`` (English if missing), with ``params`` filled in.

    In Persian, whole numbers are written with Persian digits in the prose but stay Latin
    inside ``$…$`` math, which KaTeX must read.
    """
    table = STRINGS.get(lang, EN)
    template = table.get(key, EN.get(key))
    if template is None:  # a key with no string is a bug: never show a key's name on screen
        raise KeyError(f"no string {key!r} in the catalogue")
    if not params:
        return template.replace("{{", "{").replace("}}", "}")
    if lang != "fa":
        return template.format(**params)
    prose = {k: digits(v, "fa") if isinstance(v, int) and not isinstance(v, bool) else v for k, v in params.items()}
    parts = template.split("$")
    return "$".join(part.format(**(params if k % 2 else prose)) for k, part in enumerate(parts))


# ---- ScenarioError, said in the user's language -------------------------------------

_SYMBOLS = {
    "x": "$x^{{({t})}}_{{{j}}}$",
    "y": "$y^{{({t})}}_{{{j}}}$",
    "theta": "$\\Theta^{{({layer})}}_{{{i},{j}}}$",
    "units": "$s_{{{layer}}}$",
    "lam": "$\\lambda$",
    "epsilon": "$\\varepsilon_{{\\text{{init}}}}$",
    "alpha": "$\\alpha$",
    "seed": "{seed_word}",
}

_KINDS = {
    "fa": {
        "number": "{symbol} باید عدد باشد.",
        "finite": "{symbol} باید عددی متناهی باشد (نه NaN و نه بی‌نهایت).",
        "range": "{symbol} باید بین {lo} و {hi} باشد؛ مقدار واردشده {got} است.",
        "whole": "{symbol} باید عدد صحیح باشد؛ مقدار واردشده {got} است.",
        "empty": "{symbol} خالی است؛ یک عدد بنویسید.",
    },
    "en": {
        "number": "{symbol} must be a number.",
        "finite": "{symbol} must be an ordinary number (not NaN or infinity).",
        "range": "{symbol} must be between {lo} and {hi}; you entered {got}.",
        "whole": "{symbol} must be a whole number; you entered {got}.",
        "empty": "{symbol} is empty; type a number.",
    },
}

_WHOLE = {
    "fa": {
        "layers_range": "تعداد لایه‌های شبکه ($L$) باید بین {lo} و {hi} باشد؛ این شبکه {got} لایه دارد.",
        "examples_range": "تعداد نمونه‌ها ($m$) باید بین {lo} و {hi} باشد؛ اکنون {got} نمونه وارد شده است.",
        "x_width": "ورودی نمونهٔ {t}، یعنی $x^{{({t})}}$، {got} مقدار دارد؛ اما لایهٔ ورودی {expected} گره دارد.",
        "y_width": "خروجی درست نمونهٔ {t}، یعنی $y^{{({t})}}$، {got} مقدار دارد؛ اما لایهٔ خروجی {expected} گره دارد.",
        "y_count": "تعداد خروجی‌های درست $y$ ({got}) با تعداد ورودی‌ها ({expected}) برابر نیست.",
        "y_range_ce": "{symbol} باید بین ۰ و ۱ باشد، چون هزینهٔ آنتروپی متقاطع برای خروجی درست فقط چنین مقدارهایی را می‌پذیرد؛ مقدار واردشده {got} است.",
        "loss": "تابع هزینهٔ ناشناخته.",
        "name_length": "نام حداکثر {hi} نویسه می‌تواند داشته باشد.",
        "theta_shape": "ماتریس $\\Theta^{{({layer})}}$ باید {rows} سطر و {cols} ستون داشته باشد ($s_{{{l1}}} \\times (s_{{{layer}}}+1)$)، ولی ابعادش {got} است.",
        "theta_count": "شبکه‌ای با این تعداد لایه به {expected} ماتریس $\\Theta$ نیاز دارد، ولی {got} ماتریس داده شده است.",
        "theta_chain": "ابعاد ماتریس‌های $\\Theta$ با هم سازگار نیست (لایهٔ {layer}).",
        "theta_ndim": "$\\Theta^{{({layer})}}$ شکل یک ماتریس را ندارد.",
        "unknown_preset": "مثالی با نام «{name}» وجود ندارد.",
        "query_long": "مقدار «{key}» در پیوند بیش از حد طولانی است.",
        "query_number": "مقدار «{key}» در پیوند عدد نیست.",
        "query_empty": "مقدار «{key}» در پیوند خالی است.",
        "query_weights": "پیوند {got} وزن دارد ولی این شبکه {expected} وزن لازم دارد.",
        "sizes_parse": "تعداد گره‌های لایه‌ها را با عددهای صحیح بنویسید و با ویرگول یا خط تیره از هم جدا کنید، مثلاً ⁦2, 3, 1⁩؛ «{got}» عدد صحیح نیست.",
        "sizes_empty": "تعداد گره‌های هر لایه را بنویسید، مثلاً ⁦2, 3, 1⁩.",
        "sizes_negative": "تعداد گره‌های یک لایه نمی‌تواند منفی باشد؛ «{got}» نوشته شده است.",
        "sizes_gap": "بین دو ویرگول عددی نیست؛ برای هر لایه یک عدد بنویسید، مثلاً ⁦2, 3, 1⁩.",
        "alpha_range": "نرخ یادگیری $\\alpha$ باید بزرگ‌تر از صفر باشد.",
        "epsilon_range": "$\\varepsilon_{{\\text{{init}}}}$ باید بزرگ‌تر از صفر و حداکثر {hi} باشد.",
        "iterations_range": "تعداد تکرار باید عدد صحیح و نامنفی باشد.",
        "iterations_box": "تعداد تکرارها باید عددی صحیح از {lo} تا {hi} باشد؛ شما {got} نوشته‌اید.",
        "iterations_limit": "برای این شبکه با این تعداد نمونه، هر بار حداکثر {hi} تکرار می‌توانید اجرا کنید ({got} خواسته‌اید). این سقف برای آن است که سرور برای همهٔ کلاس سریع بماند. برای تکرار بیشتر، وزن‌های آموزش‌دیده را با دکمهٔ «دیدن این وزن‌ها در صفحهٔ گام‌به‌گام» نگه دارید و دوباره آموزش دهید.",
    },
    "en": {
        "layers_range": "The network must have between {lo} and {hi} layers ($L$); this one has {got}.",
        "examples_range": "The number of examples ($m$) must be between {lo} and {hi}; there are {got}.",
        "x_width": "Example {t}: $x^{{({t})}}$ has {got} values but layer 1 has {expected} units.",
        "y_width": "Example {t}: $y^{{({t})}}$ has {got} values but the output layer has {expected} units.",
        "y_count": "The number of targets $y$ ({got}) does not match the number of inputs ({expected}).",
        "y_range_ce": "{symbol} must be between 0 and 1: the cross-entropy cost only takes such targets; you entered {got}.",
        "loss": "Unknown cost function.",
        "name_length": "The name may have at most {hi} characters.",
        "theta_shape": "$\\Theta^{{({layer})}}$ must be {rows}×{cols} ($s_{{{l1}}} \\times (s_{{{layer}}}+1)$), got {got}.",
        "theta_count": "A network with this many layers needs {expected} matrices $\\Theta$, got {got}.",
        "theta_chain": "The shapes of the $\\Theta$ matrices do not chain (layer {layer}).",
        "theta_ndim": "$\\Theta^{{({layer})}}$ does not have the shape of a matrix.",
        "unknown_preset": "There is no example named “{name}”.",
        "query_long": "The link's value “{key}” is too long.",
        "query_number": "The link's value “{key}” is not a number.",
        "query_empty": "The link's value “{key}” is empty.",
        "query_weights": "The link has {got} weights but this network needs {expected}.",
        "sizes_parse": "Nodes per layer must be whole numbers separated by commas or dashes, e.g. 2, 3, 1; “{got}” is not a whole number.",
        "sizes_empty": "Write the number of nodes of each layer, e.g. 2, 3, 1.",
        "sizes_negative": "A layer cannot have a negative number of nodes; you wrote “{got}”.",
        "sizes_gap": "There is no number between two commas; every layer needs one, e.g. 2, 3, 1.",
        "alpha_range": "The learning rate $\\alpha$ must be greater than zero.",
        "epsilon_range": "$\\varepsilon_{{\\text{{init}}}}$ must be greater than zero and at most {hi}.",
        "iterations_range": "The number of iterations must be a whole number, zero or more.",
        "iterations_box": "The number of iterations must be a whole number from {lo} to {hi}; you entered {got}.",
        "iterations_limit": "For this network and this many examples, one run can take at most {hi} iterations (you asked for {got}). The limit keeps the server quick for the whole class. For more, keep the trained weights with “See these weights on the step-by-step page” and train again.",
    },
}


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$&:])")


def md_escape(text: str, limit: int = 40) -> str:
    """Text from a user or a link, made inert for st.markdown: no links, images, math or HTML."""
    text = " ".join(str(text).split())[:limit]
    return _MD_SPECIAL.sub(r"\\\1", text)


def problem_text(problem, lang: str) -> str:
    """One ignored part of a link, said in the user's language; link values are quoted inertly."""
    if problem.what == "scenario" and problem.error is not None:
        return t("link.scenario", lang, reason=error_text(problem.error, lang))
    shown = md_escape(problem.value)
    if lang == "fa" and shown.isdigit():
        shown = digits(shown, "fa")
    value = "«" + shown + "»" if lang == "fa" else "“" + shown + "”"
    return t(f"link.{problem.what}", lang, value=value)


def _plain(v, lang: str) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) <= 1e9:
        text = f"{int(v):,}"
    elif isinstance(v, float):
        text = f"{v:g}"
    elif isinstance(v, int):
        text = str(v)
    else:
        return md_escape(v)  # words from a user or a link: shown as text, never as markup
    return digits(text, lang) if lang == "fa" else text


def error_text(error: ScenarioError, lang: str) -> str:
    """A ScenarioError in the user's language, naming the lesson symbol and the limit.

    Every value from the input is shown as plain text (``$`` and angle brackets removed), and
    numbers inside ``$…$`` stay in Latin digits for KaTeX.
    """
    lang = lang if lang in _WHOLE else "en"
    code = error.code
    latin = {k: _plain(v, "en") for k, v in error.params.items()}
    if isinstance(error.params.get("layer"), int):
        latin["l1"] = str(error.params["layer"] + 1)
    prose = {k: digits(v, lang) if lang == "fa" else v for k, v in latin.items()}
    if code == "y_range" and error.params.get("lo") == 0.0 and error.params.get("hi") == 1.0:
        code = "y_range_ce"
    prefix, _, kind = code.rpartition("_")
    if code in _WHOLE[lang]:
        template = _WHOLE[lang][code]
    elif prefix in _SYMBOLS and kind in _KINDS[lang]:
        template = _KINDS[lang][kind]
    else:
        return str(error)
    symbol_key = "y" if code == "y_range_ce" else prefix
    if symbol_key in _SYMBOLS:
        seed_word = "بذر تصادفی" if lang == "fa" else "The seed"
        try:
            prose["symbol"] = _SYMBOLS[symbol_key].format(seed_word=seed_word, **latin)
        except (KeyError, IndexError):
            prose["symbol"] = symbol_key
    try:
        parts = template.split("$")
        return "$".join(part.format(**(latin if k % 2 else prose)) for k, part in enumerate(parts))
    except (KeyError, IndexError):
        return str(error)


# ---- numbers, sizes and lists inside sentences ---------------------------------------------
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate: "2-2-1" must not read "1-2-2" in Persian


def isolated(text: str, lang: str) -> str:
    """Text that must read left to right (sizes, shapes), isolated inside a Persian sentence."""
    return LRI + digits(text, lang) + PDI if lang == "fa" else text


def sizes(layer_sizes, lang: str) -> str:
    """Layer sizes as "2-2-1"; in Persian with Persian digits, isolated so they keep their order."""
    return isolated("-".join(str(s) for s in layer_sizes), lang)


def shape(dims, lang: str) -> str:
    """A matrix shape as "2×3", isolated in Persian."""
    return isolated("×".join(str(d) for d in dims), lang)


def plain_number(value, lang: str) -> str:
    """A number as a sentence shows it: whole numbers without ".0", others in %g; Persian digits in Persian."""
    return _plain(float(value) if not isinstance(value, int) else value, lang)


def number_list(values, lang: str) -> str:
    """1, 2 and 3 / ۱، ۲ و ۳."""
    items = [digits(v, lang) for v in values]
    if len(items) < 2:
        return "".join(items)
    if lang == "fa":
        return "، ".join(items[:-1]) + " و " + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _math_list(name: str, cols, lang: str) -> str:
    items = [f"${name}_{{{c}}}$" for c in cols]
    if len(items) < 2:
        return "".join(items)
    joiner, last = ("، ", " و ") if lang == "fa" else (", ", " and ")
    return joiner.join(items[:-1]) + last + items[-1]


def note_text(key: str, params: dict, lang: str) -> str:
    """One note of what an edit changed (see ``edits``), in the user's language."""
    shown = {}
    for name, value in params.items():
        if name == "cols":
            shown[name] = _math_list("x" if key.startswith("edit.x") else "y", value, lang)
        elif name == "eps":
            shown[name] = f"{value:g}"  # inside $…$: Latin digits for KaTeX
        elif name in ("seed", "n"):
            shown[name] = plain_number(value, lang)
        elif name in ("shape", "old"):
            shown[name] = isolated(str(value), lang) if value else ""
        else:
            shown[name] = value
    return t(key, lang, **shown)


def change_label(what: str, lang: str) -> str:
    """The input a change came from, as the "last change" line names it."""
    if what.startswith("theta") and what[5:].isdigit():
        return t("what.theta", lang, l=int(what[5:]))
    return t(f"what.{what}", lang)


def preset_label(name: str, layer_sizes, lang: str) -> str:
    """An example's name with its layer sizes: "XOR, four examples (2-2-1)"."""
    return f"{t(f'preset.{name}', lang)} ({sizes(layer_sizes, lang)})"


def scenario_line(name: str, scenario, lang: str) -> str:
    """E.g. "XOR; layers 2-2-1, m = 4 examples, λ = 0" (the name already made inert by the caller)."""
    key = "common.scenario_one" if scenario.m == 1 else "common.scenario"
    return t(key, lang, name=name, sizes=sizes(scenario.layer_sizes, lang), m=scenario.m, lam=f"{scenario.lam:g}")


# ---- where we are, in one line ---------------------------------------------------------

_PASS = {
    "input": "st.forward",
    "forward": "st.forward",
    "output_delta": "st.backward",
    "hidden_delta": "st.backward",
    "accumulate": "st.accumulate",
    "gradient": "st.gradient",
}


def status_line(step, n_steps: int, m: int, lang: str) -> str:
    """E.g. "example 1 of 4 · backward pass · layer 2 · node 1 · step 17 / 64"."""
    parts = []
    if step.example is not None:
        parts.append(t("st.example", lang, t=step.example, m=m))
    else:
        parts.append(t("st.before" if step.phase == "init" else "st.after", lang))
    if step.phase in _PASS:
        parts.append(t(_PASS[step.phase], lang))
    if step.layer is not None and step.phase not in ("init", "result"):
        parts.append(t("st.layer", lang, l=step.layer))
    if step.node is not None:
        parts.append(t("st.node", lang, j=step.node))
    parts.append(t("st.step", lang, i=step.index + 1, n=n_steps))
    # A middle dot reads as a Persian zero (۰); Persian gets a vertical bar instead.
    return (" | " if lang == "fa" else " · ").join(parts)
