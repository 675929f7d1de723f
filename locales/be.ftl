app-name = Тэхпадтрымка
skip-to-content = Перайсці да зместу
nav-label = Асноўнае меню
nav-account = Асабісты кабінет
nav-logout = Выйсці
nav-login = Уваход
nav-register = Рэгістрацыя
link-forgot = Забылі пароль?
link-home = На галоўную
page-not-found = Старонка не знойдзена
page-error = Не ўдалося выканаць запыт
doc-consent-link = Згода на апрацоўку персанальных даных
doc-terms-link = Парадак выкарыстання Сістэмы
doc-title-personal_data = Згода на апрацоўку персанальных даных
doc-title-terms_of_use = Парадак выкарыстання Сістэмы
doc-version-line = Рэдакцыя { $version } ад { $date }
minutes = { $n ->
    [one] { $n } хвіліну
    [few] { $n } хвіліны
   *[other] { $n } хвілін
}

landing-title = Тэхнічная падтрымка карыстальнікаў
landing-lead = Задайце пытанне пра электронны лічбавы подпіс, электронныя паслугі і праграмнае забеспячэнне — спецыялісты адкажуць тут жа.
landing-how-title = Як пачаць
landing-step-1 = Зарэгіструйцеся па нумары мабільнага тэлефона.
landing-step-2 = Пацвердзіце нумар кодам з SMS.
landing-step-3 = Атрымайце пароль у SMS і ўвайдзіце ў сістэму.
landing-step-4 = Калі вы прадстаўляеце арганізацыю, пазначце яе УНП — пасля пацвярджэння вы зможаце падаваць заяўкі ад яе імя.

register-title = Рэгістрацыя
register-intro = Усе карыстальнікі рэгіструюцца як фізічныя асобы. Лагінам будзе нумар вашага мабільнага тэлефона. З адным уліковым запісам можна прадстаўляць некалькі арганізацый.
required-note = Палі, пазначаныя *, абавязковыя для запаўнення.
register-person = Звесткі пра вас
register-organization = Арганізацыя (калі вы яе прадстаўляеце)
register-organization-hint = Пазначце УНП арганізацыі — калі яна ўжо ёсць у Сістэме, яе даныя падставяцца самі.
register-consents = Згоды
register-have-account = Ужо зарэгістраваны?
consent-personal-data-before = Я азнаёміўся(-лася) і даю
consent-personal-data-link = згоду на апрацоўку персанальных даных
consent-terms-before = Я азнаёміўся(-лася) і згодны(-на) з
consent-terms-link = парадкам выкарыстання Сістэмы
button-check-unp = Праверыць УНП
button-get-code = Атрымаць код пацвярджэння
org-found = Арганізацыя знойдзена
org-not-found = Арганізацыя не знойдзена ў Сістэме. Увядзіце даныя пра арганізацыю
hint-phone = Напрыклад: +375 29 123-45-67
hint-unp = 9 знакаў, напрыклад 100582333
form-has-errors = Выпраўце, калі ласка:

field-last_name = Прозвішча
field-first_name = Імя
field-middle_name = Імя па бацьку
field-phone = Мабільны тэлефон
field-email = E-mail
field-unp = УНП арганізацыі
field-org_name = Поўнае найменне арганізацыі
field-org_address = Адрас арганізацыі
field-position = Пасада
field-accept_personal_data = Згода на апрацоўку персанальных даных
field-accept_terms = Парадак выкарыстання Сістэмы
field-code = Код з SMS
field-login = Імя карыстальніка (лагін)
field-password = Пароль
field-current_password = Цяперашні пароль
field-new_password = Новы пароль
field-new_password_repeat = Новы пароль яшчэ раз
field-body = Апісанне
field-request_body = Цела запыту
field-form = Форма

confirm-title = Пацвярджэнне нумара тэлефона
code-sent-to = Мы адправілі SMS з кодам пацвярджэння на нумар
code-valid-for = Код дзейнічае яшчэ %time%
code-valid-for-static = Код дзейнічае яшчэ { $time }
code-expired-hint = Тэрмін дзеяння кода скончыўся. Націсніце «Адправіць код паўторна».
button-confirm = Пацвердзіць
button-resend = Адправіць код паўторна
resend-in = Адправіць код паўторна можна праз %n% с
resend-in-static = Адправіць код паўторна можна праз { $n } с

done-title = Рэгістрацыя завершана
done-message = Пароль для ўваходу адпраўлены ў SMS на ваш нумар тэлефона.
done-password-hint = Пры ўводзе пароля звярніце ўвагу на раскладку клавіятуры (руская/англійская) і рэгістр сімвалаў (клавіша CapsLock). Пасля ўваходу вы зможаце задаць свой пароль.
button-enter-system = Уваход у сістэму тэхпадтрымка

login-title = Уваход у сістэму
hint-login = Нумар мабільнага тэлефона ў любым выглядзе, напрыклад 8 029 123-45-67 (супрацоўнікі — імя карыстальніка)
hint-layout = Звярніце ўвагу на раскладку клавіятуры (руская/англійская) і рэгістр сімвалаў (клавіша CapsLock).
warning-capslock = Уключаны CapsLock: літары ўводзяцца вялікімі.
warning-cyrillic = Вы ўводзіце кірылічныя літары — магчыма, уключана руская раскладка.
button-login = Увайсці
notice-logged-out = Вы выйшлі з сістэмы.
notice-withdrawn = Згода адклікана, уліковы запіс заблакаваны.

reset-title = Аднаўленне пароля
reset-intro = Пазначце нумар тэлефона, на які зарэгістраваны ўліковы запіс. Мы адправім код пацвярджэння, а потым — новы пароль.
reset-confirm-title = Аднаўленне пароля: код з SMS
reset-done-title = Новы пароль адпраўлены
reset-done-message = Калі нумар зарэгістраваны, новы пароль адпраўлены ў SMS. Усе ранейшыя сеансы завершаны.

account-title = Асабісты кабінет
account-invite-password = Вы ўвайшлі з паролем з SMS. Задайце свой пароль — так зручней і бяспечней.
account-set-password = Задаць пароль
account-profile = Профіль
account-change-password = Змяніць пароль
account-organizations = Арганізацыі
account-no-organizations = Вы пакуль не прадстаўляеце ніводнай арганізацыі.
account-add-organization = Дадаць арганізацыю
button-add-organization = Адправіць заяўку
account-sessions = Актыўныя сеансы
session-last-seen = Апошняя актыўнасць
session-current = Гэты сеанс
button-end-session = Завяршыць
account-consents = Згоды
consent-version = рэдакцыя
account-download-data = Спампаваць мае даныя (JSON)
button-withdraw-consent = Адклікаць згоду
button-save = Захаваць
button-later = Пазней
button-cancel = Адмена
representation-pending = На разглядзе
representation-confirmed = Пацверджана
representation-rejected = Адхілена
representation-revoked = Адклікана
notice-profile-saved = Профіль захаваны.
notice-organization-added = Заяўка адпраўлена. Прадстаўніцтва пачне дзейнічаць пасля пацвярджэння.
notice-organization-exists = Заяўка на гэтую арганізацыю ўжо ёсць.
notice-session-ended = Сеанс завершаны.
notice-password-changed = Пароль зменены. Астатнія сеансы завершаны.

password-title = Змена пароля
password-invite = Задайце ўласны пароль замест пароля з SMS.
password-rules = Ад 8 да 128 сімвалаў, любыя літары, лічбы і знакі. Не выкарыстоўвайце распаўсюджаныя паролі, свой нумар тэлефона або імя.

withdraw-title = Адкліканне згоды
withdraw-explain-1 = Пасля адклікання згоды на апрацоўку персанальных даных ваш уліковы запіс будзе заблакаваны, усе сеансы завершацца, увайсці ў сістэму будзе нельга.
withdraw-explain-2 = Вашы персанальныя даныя будуць абязлічаны; тэхнічны змест вашых зваротаў захаваецца без звестак пра вас.
withdraw-explain-3 = Каб зноў карыстацца сістэмай, спатрэбіцца новая рэгістрацыя.
button-withdraw-confirm = Адклікаць згоду і заблакаваць уліковы запіс

sms-registration-code = Тэхпадтрымка. Нікому не паведамляйце гэты код. Код пацвярджэння: { $code }
sms-already-registered = Тэхпадтрымка: гэты нумар ужо зарэгістраваны. Забылі пароль? Аднавіце яго па спасылцы «Забылі пароль?» на старонцы ўваходу.
sms-password = Тэхпадтрымка: рэгістрацыя завершана. Лагін — ваш нумар тэлефона. Пароль: { $password }
sms-reset-code = Тэхпадтрымка. Нікому не паведамляйце гэты код. Код для аднаўлення пароля: { $code }
sms-reset-password = Тэхпадтрымка: пароль зменены, усе сеансы завершаны. Новы пароль: { $password }

error-required = Запоўніце поле «{ $field }».
error-consent_required = Каб працягнуць, адзначце «{ $field }».
error-invalid_phone = «{ $field }»: патрэбны беларускі мабільны нумар — +375 і 9 лічбаў з кодам аператара 25, 29, 33 або 44, напрыклад +375 29 123-45-67.
error-invalid_unp = «{ $field }»: 9 знакаў — лічбы (першая ад 1 да 7) або лацінская літара A, B, C, E, H, K, M у пачатку, напрыклад 100582333.
error-unp_check_digit-unp = Няправільны УНП: праверце апошнюю лічбу
error-unp_check_digit = Няправільны УНП: праверце апошнюю лічбу
error-invalid_name = «{ $field }»: толькі рускія, беларускія або лацінскія літары, прабел, злучок і апостраф.
error-name_too_long = «{ $field }»: не даўжэй за 100 сімвалаў.
error-too_long = «{ $field }»: занадта доўгае значэнне, скараціце яго.
error-invalid_text = «{ $field }»: недапушчальныя сімвалы.
error-invalid_email = «{ $field }»: адрас выгляду name@example.by.
error-invalid_code_format = «{ $field }»: 6 лічбаў з SMS.
error-wrong_password = «{ $field }»: пароль няправільны.
error-password_too_short = «{ $field }»: не карацей за 8 сімвалаў.
error-password_too_long = «{ $field }»: не даўжэй за 128 сімвалаў.
error-password_common = «{ $field }»: гэты пароль занадта распаўсюджаны, прыдумайце іншы.
error-password_personal = «{ $field }»: пароль не павінен утрымліваць ваш нумар тэлефона або імя.
error-passwords_differ = «{ $field }»: паролі не супадаюць.
error-password_unchanged = «{ $field }»: новы пароль супадае з цяперашнім.
error-json_required = Цела запыту павінна быць JSON (Content-Type: application/json).
error-invalid_json = Цела запыту не ўдалося прачытаць: праверце JSON і тыпы палёў.
error-invalid_input = Праверце ўведзеныя даныя.
error-invalid_code = Няправільны код. { $n ->
    [0] Спроб для гэтага кода не засталося — запытайце новы код.
    [one] Засталася { $n } спроба.
    [few] Засталося { $n } спробы.
   *[other] Засталося { $n } спроб.
}
error-code_expired = Тэрмін дзеяння кода скончыўся. Націсніце «Адправіць код паўторна».
error-too_many_attempts = Занадта шмат няправільных спроб для гэтага кода. Запытайце новы код.
error-resend_too_early = Новы код можна запытаць праз { $n } с.
error-too_many_sends = Ліміт паўторных адправак вычарпаны. Пачніце рэгістрацыю нанова пазней.
error-sms_limit = Занадта шмат SMS на гэты нумар або з гэтага адраса. Паўтарыце заўтра.
error-invalid_credentials = Няправільнае імя карыстальніка або пароль.
error-locked = Занадта шмат спроб, паўтарыце праз { $n } хв
error-rate_limited = Занадта шмат запытаў, паўтарыце пазней.
error-account_blocked = Уліковы запіс заблакаваны. Звярніцеся ў тэхнічную падтрымку.
error-already_confirmed = Гэты крок ужо выкананы.
error-unauthorized = Увайдзіце ў сістэму.
error-cross_site_request = Форма састарэла або адпраўлена з іншага сайта. Абнавіце старонку і паўтарыце.
error-not_found = Такой старонкі няма або спасылка састарэла.
error-internal = Унутраная памылка. Мы ўжо ведаем пра яе; паўтарыце спробу пазней.

sms-ticket-created = Тэхпадтрымка: заяўка № { $number } прынята. Адказ з'явіцца ў асабістым кабінеце.
error-invalid_transition = Гэта дзеянне недаступнае ў бягучым статусе заяўкі.
error-unknown_service = «{ $field }»: выберыце паслугу са спіса.
error-invalid_status = «{ $field }»: такога статусу няма.
error-invalid_priority = «{ $field }»: выберыце прыярытэт са спіса.
error-invalid_cursor = Спасылка на старонку спіса састарэла, адкрыйце спіс нанова.
error-not_a_representative = «{ $field }»: заяўку ад імя арганізацыі можна падаць пасля пацвярджэння прадстаўніцтва.
error-invalid_ticket_number = «{ $field }»: нумар заяўкі выгляду 2026-000123.
field-service = Паслуга
field-subject = Тэма
field-organization_unp = Ад імя арганізацыі
field-priority = Прыярытэт
field-status = Статус
field-cursor = Старонка спіса
field-number = Нумар заяўкі
