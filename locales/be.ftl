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
withdraw-explain-2 = Не пазней чым праз 15 дзён вашы персанальныя даныя будуць абязлічаны: імя, тэлефон, e-mail, звесткі пра прадстаўніцтва арганізацый і пра вашы прылады. Тэхнічны змест вашых зваротаў захаваецца без звестак пра вас.
withdraw-explain-3 = Каб зноў карыстацца сістэмай, спатрэбіцца новая рэгістрацыя.
button-withdraw-confirm = Адклікаць згоду і заблакаваць уліковы запіс

sms-registration-code = Тэхпадтрымка: нікому не паведамляйце гэты код. Код пацвярджэння: { $code }
sms-already-registered = Тэхпадтрымка: гэты нумар ужо зарэгістраваны. Забылі пароль? Аднавіце яго па спасылцы «Забылі пароль?» на старонцы ўваходу.
sms-password = Тэхпадтрымка: рэгістрацыя завершана. Лагін — ваш нумар тэлефона. Пароль: { $password }
sms-reset-code = Тэхпадтрымка: нікому не паведамляйце гэты код. Код для аднаўлення пароля: { $code }
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
nav-tickets = Мае заяўкі
tickets-title = Мае заяўкі
tickets-new = Новая заяўка
tickets-empty = Заявак пакуль няма.
tickets-next-page = Наступная старонка
filter-all = Усе
button-filter = Паказаць
choose-service = Выберыце паслугу
hint-ticket-body = Апішыце, што вы рабілі, чаго чакалі і што адбылося; прывядзіце тэкст памылкі.
field-on-behalf = Ад чыйго імя
on-behalf-personal = Ад сябе асабіста
field-contact_phone = Кантактны тэлефон
hint-contact-phone = Сюды патэлефануе спецыяліст, калі спатрэбіцца. SMS пра заяўку прыходзяць на нумар вашага ўліковага запісу.
button-file-ticket = Адправіць заяўку
field-reply = Ваш адказ
button-reply = Адправіць
button-solved = Праблема вырашана
ticket-closed-hint = Заяўка закрыта. Калі пытанне засталося, напішыце тут: ваш адказ адкрые новую заяўку, звязаную з гэтай.
button-follow-up = Адкрыць новую заяўку
ticket-continues = Працяг заяўкі
ticket-continued-in = Працяг у заяўцы
notice-follow-up-filed = Заяўка была закрыта, таму мы адкрылі новую, звязаную з ёй. Нумар новай заяўкі — уверсе старонкі.
field-follow_up = Працяг у новай заяўцы
author-support = Тэхпадтрымка
notice-ticket-filed = Заяўка прынята. Нумар заяўкі адпраўлены вам у SMS.
notice-reply-sent = Адказ адпраўлены.
notice-ticket-solved = Дзякуй! Заяўка адзначана як вырашаная.
status-new = Новая
status-in_progress = У рабоце
status-on_hold = Чакае трэці бок
status-waiting_customer = Чакае вашага адказу
status-resolved = Вырашана
status-closed = Закрыта
sms-ticket-reply = Тэхпадтрымка: па заяўцы № { $number } ёсць адказ. Паглядзіце яго ў асабістым кабінеце.
error-forbidden = Гэта даступна толькі супрацоўнікам тэхпадтрымкі.
error-conflict = Заяўку толькі што змяніў хтосьці іншы. Абнавіце старонку і паўтарыце.
error-invalid_queue = «{ $field }»: такой чаргі няма.
error-unknown_staff = «{ $field }»: такога супрацоўніка няма.
error-assignee_outside_group = «{ $field }»: супрацоўнік не ўваходзіць у групу гэтай заяўкі.
field-queue = Чарга
field-assignee = Выканаўца
nav-staff = Кансоль
staff-title = Кансоль аператара
queue-mine = Мае
queue-unassigned = Непрызначаныя
queue-open = Усе адкрытыя
queue-waiting = Чакаюць адказу кліента
staff-queue-empty = У гэтай чарзе няма заявак.
staff-updated = Зменена
staff-requester = Заяўнік
staff-contract = дагавор
staff-internal-note = унутраная нататка
staff-message = Паведамленне
staff-send-reply = Адказаць кліенту
staff-add-note = Унутраная нататка
staff-change = Змяніць
staff-assign = Прызначыць
actor-system = Сістэма
field-assignee_id = Выканаўца
notice-note-added = Нататка дададзена.
error-invalid_decision = «{ $field }»: confirm або reject.
error-invalid_role = «{ $field }»: member або manager.
field-decision = Рашэнне
field-role = Роля
staff-confirm-member = Пацвердзіць
staff-confirm-manager = Пацвердзіць як кіраўніка
staff-reject = Адхіліць
notice-representation-decided = Рашэнне па прадстаўніцтве захавана.
account-tokens = API-токены
account-tokens-hint = Для праграм, якія працуюць з заяўкамі праз API: загаловак Authorization: Bearer і токен.
account-token-once = Скапіруйце токен зараз — больш ён паказаны не будзе:
token-last-used = выкарыстоўваўся
button-revoke = Адклікаць
button-create-token = Стварыць токен
field-token_name = Назва токена
notice-token-created = Токен створаны.
notice-token-revoked = Токен адкліканы.
error-attachment_too_large = Файл большы за { $n } МБ — паменшыце яго або падзяліце на часткі.
error-too_many_files = «{ $field }»: не больш за 10 файлаў да аднаго паведамлення.
error-empty_file = «{ $field }»: файл пусты.
error-invalid_multipart = Форму з файламі не ўдалося прачытаць, адпраўце яе яшчэ раз.
field-files = Файлы
hint-files = Да { $count } файлаў, кожны да { $mb } МБ.
attachments-label = Укладанні
size-kb = { $n } КБ
size-mb = { $n } МБ
staff-status-waiting_customer = Чакае адказу кліента
rating-title = Ацаніце рашэнне
rating-given = Ацэнка: { $n } з 5
field-rating = Ацэнка
field-rating_comment = Каментарый да ацэнкі
button-rate = Ацаніць
error-invalid_rating = «{ $field }»: выберыце ад 1 да 5.
notice-ticket-rated = Дзякуй за ацэнку!
priority-low = Нізкі
priority-normal = Звычайны
priority-high = Высокі
priority-urgent = Тэрміновы
field-group = Група
error-unknown_group = «{ $field }»: такой групы няма.

# Ticket lists: search, filters, sorting
field-q = Пошук
field-from = Створана з
field-to = Створана па
field-sort = Парадак
field-organization = Арганізацыя
search-placeholder = Нумар заяўкі або словы з тэксту
sort-updated = Па апошняй змене
sort-created = Спачатку новыя
sort-priority = Па прыярытэце
sort-sla = Па тэрміне рашэння
queue-all = Усе заяўкі
staff-sla-due = Тэрмін
error-invalid_sort = «{ $field }»: выберыце парадак са спіса.
error-invalid_date = «{ $field }»: пазначце дату ў выглядзе ГГГГ-ММ-ДД, напрыклад 2026-11-25.
error-period_reversed = «{ $field }»: дата канца перыяду павінна быць не раней за дату пачатку.
error-search_too_short = «{ $field }»: увядзіце нумар заяўкі або хаця б адно слова з дзвюх і больш літар, акрамя прыназоўнікаў і злучнікаў (напрыклад, «сертыфікат»).
staff-live-new = Паступілі новыя заяўкі — яны дададзены ў пачатак спіса.

# Canned responses
field-canned = Шаблон адказу
field-title = Назва
field-canned-body = Тэкст адказу
canned-title = Шаблоны адказаў
canned-shared = агульны
canned-insert = Уставіць у адказ
canned-manage = Шаблоны адказаў…
canned-empty = Шаблонаў пакуль няма. Дадайце першы ніжэй.
canned-add = Новы шаблон
canned-share = Агульны — бачны ўсім супрацоўнікам
canned-save = Захаваць шаблон
canned-delete = Выдаліць
notice-canned-saved = Шаблон захаваны.
notice-canned-deleted = Шаблон выдалены.

# Ticket notices by e-mail
sms-ticket-resolved = Тэхпадтрымка: заяўка № { $number } вырашана. Калі пытанне засталося, адкажыце ў заяўцы.
field-notify_by_email = Паведамляць пра заяўкі па e-mail замест SMS
error-email_needed = «{ $field }»: пазначце e-mail, каб атрымліваць паведамленні на яго.
email-ticket-created-subject = Заяўка № { $number } прынята
email-ticket-created-body = Добры дзень! Ваша заяўка № { $number } прынята. Мы адкажам у ёй, а вы атрымаеце ліст.
email-ticket-reply-subject = Адказ па заяўцы № { $number }
email-ticket-reply-body = Добры дзень! Па вашай заяўцы № { $number } ёсць адказ спецыяліста. Прачытаць яго можна ў асабістым кабінеце.
email-ticket-resolved-subject = Заяўка № { $number } вырашана
email-ticket-resolved-body = Добры дзень! Заяўка № { $number } адзначана як вырашаная. Калі пытанне засталося, адкажыце ў заяўцы — яна адкрыецца зноў.
email-assigned-subject = Вам прызначана заяўка № { $number }
email-assigned-body = Вам прызначана заяўка № { $number }.
token-expires = дзейнічае да
field-token_lifetime = Тэрмін дзеяння
token-lifetime-days = { $n ->
    [one] { $n } дзень
    [few] { $n } дні
   *[many] { $n } дзён
}
account-tokens-revoked = { $n ->
    [one] { $n } токен адкліканы
    [few] { $n } токены адкліканы
   *[many] { $n } токенаў адкліканы
} пры змене пароля { $at }. Стварыце новыя, калі яны патрэбныя праграмам.
error-invalid_choice = «{ $field }»: выберыце значэнне са спіса.
error-staff_tokens_disabled = «{ $field }»: супрацоўнікам API-токены не выдаюцца — увайдзіце ў кансоль праз браўзер.
notice-password-changed-tokens-revoked = Пароль зменены. Астатнія сеансы завершаны, API-токены адкліканы.
sms-tokens-revoked = Тэхпадтрымка: пароль зменены, таму ўсе вашы API-токены адкліканы. Новыя можна стварыць у асабістым кабінеце.
email-tokens-revoked-subject = API-токены адкліканы
email-tokens-revoked-body = Добры дзень! Пароль вашага ўліковага запісу зменены, таму ўсе вашы API-токены адкліканы. Калі яны патрэбныя праграмам, стварыце новыя ў асабістым кабінеце. Калі пароль змянялі не вы, аднавіце яго па спасылцы «Забылі пароль?» на старонцы ўваходу.
account-tokens-staff = Супрацоўнікам API-токены не выдаюцца: кансоль адкрываецца ў браўзеры, дзе сеанс завяршаецца сам.
error-text_too_large = «{ $field }»: тэкст даўжэйшы за { $n } КБ — скараціце яго.
error-request_timeout = Перадача перапынілася: даныя перасталі паступаць. Праверце сувязь і адпраўце яшчэ раз.
error-unavailable = Сэрвіс часова недаступны, паўтарыце праз хвіліну.
error-invalid_query = Параметры запыту не ўдалося прачытаць: праверце іх назвы і значэнні.
field-query = Параметры запыту
filters-more = Фільтры
filters-active = зададзены
button-apply = Ужыць
button-copy = Скапіраваць
copied = Скапіравана
ticket-number = № { $number }
column-number = №
rating-1 = 1 — вельмі дрэнна
rating-2 = 2 — дрэнна
rating-3 = 3 — здавальняюча
rating-4 = 4 — добра
rating-5 = 5 — выдатна

# The operator's workspace (issue 11)
notice-ticket-saved = Змены захаваны.
notice-draft-saved = Чарнавік захаваны. Ён будзе чакаць вас тут, і на іншай прыладзе таксама.
notice-draft-discarded = Чарнавік выдалены.
sla-left = засталося { $time }
sla-overdue = пратэрмінавана на { $time }
span-hours = { $n } г
span-minutes = { $n } хв
presence-writing = { $name } піша адказ
presence-viewing = { $name } глядзіць гэтую заяўку
assignee-nobody = — не прызначаны —
field-status_after = Пасля адпраўкі
ws-new-message = Адказ
ws-conversation = Перапіска
ws-attributes = Параметры заяўкі
ws-sla = Тэрмін вырашэння
ws-after-send = Пасля адпраўкі
ws-save-draft = Захаваць чарнавік
ws-discard-draft = Выдаліць чарнавік
ws-draft-hint = Чарнавік захоўваецца сам, пакуль вы пішаце, і адновіцца, калі вы вернецеся.
ws-draft-saved-live = Чарнавік захаваны
ws-history = Іншыя заяўкі кліента
ws-organization-history = Заяўкі арганізацыі «{ $name }» ад калег
ws-no-history = Іншых заявак няма.
ws-answered-meanwhile = Пакуль вы пісалі, кліенту адказаў(-ла): { $names }. Адказ паказаны ў перапісцы. Ваш тэкст не адпраўлены — праверце яго і адпраўце яшчэ раз.
ws-present = Зараз у заяўцы
error-answered_meanwhile = Пакуль вы пісалі, кліенту ўжо адказалі. Праверце перапіску і адпраўце яшчэ раз.
staff-live-updated = Спіс абнавіўся: змененыя заяўкі адзначаны і паднятыя наверх.
staff-notifications = Апавяшчаць у браўзеры пра мае заяўкі
staff-notifications-on = Апавяшчэнні ў браўзеры ўключаны
keys-show = Хуткія клавішы (?)
keys-title = Хуткія клавішы
keys-move = наступная / папярэдняя заяўка ў спісе
keys-open = адкрыць выбраную заяўку
keys-search = перайсці да пошуку
keys-reply = напісаць адказ кліенту
keys-note = напісаць унутраную нататку
keys-send = адправіць (адказ або нататку)
keys-assign = прызначыць заяўку на сябе
keys-help = паказаць гэты спіс
keys-not-in-fields = У палях уводу клавішы друкуюць тэкст, як звычайна.
keys-close = Закрыць
status-step-new = Прынята
ticket-steps = Шлях заяўкі
bulk-title = Групавая змена
bulk-changed = { $n ->
    [one] Зменена { $n } заяўка
    [few] Зменены { $n } заяўкі
   *[many] Зменена { $n } заявак
}
bulk-unchanged = { $n ->
    [one] Без змен (ужо так): { $n } заяўка
    [few] Без змен (ужо так): { $n } заяўкі
   *[many] Без змен (ужо так): { $n } заявак
}
bulk-refused = { $n ->
    [one] Не зменена { $n } заяўка
    [few] Не зменены { $n } заяўкі
   *[many] Не зменена { $n } заявак
}
bulk-legend = З адзначанымі
bulk-keep = — не мяняць —
bulk-unassign = — зняць выканаўцу —
bulk-apply = Ужыць да адзначаных
bulk-select = Выбраць заяўку { $number }
bulk-select-all = Выбраць усе на старонцы
bulk-hint = Адзначце заяўкі і выберыце, што змяніць. Shift+пстрычка адзначае запар.
field-ticket = Заяўкі
error-required-ticket = Адзначце хаця б адну заяўку.
error-too_many-ticket = Не больш за 100 заявак за раз.
error-too_many = «{ $field }»: занадта шмат.
sms-ticket-merged = Тэхпадтрымка: заяўкі № { $number } і № { $into } аб’яднаны, перапіска працягнецца ў № { $into }.
email-ticket-merged-subject = Заяўка № { $number } аб’яднана з № { $into }
email-ticket-merged-body = Добры дзень! Заяўка № { $number } паўтарала заяўку № { $into }, і мы аб’ядналі іх: усе паведамленні і файлы цяпер у заяўцы № { $into }, адказ прыйдзе туды.
field-merge_into = Аб’яднаць з заяўкай №
merge-button = Аб’яднаць
merge-hint = Паўторную заяўку таго ж кліента: яе паведамленні і файлы пяройдуць у паказаную, а гэтая закрыецца. Кліент атрымае адно апавяшчэнне.
error-unknown_ticket = «{ $field }»: такой заяўкі няма або яна вам недаступная.
error-merge_same = «{ $field }»: гэта тая ж самая заяўка.
error-merge_other_customer = «{ $field }»: аб’ядноўваць можна толькі заяўкі аднаго кліента.
error-merge_closed = «{ $field }»: закрытую заяўку аб’яднаць нельга.
ticket-merged-into = Аб’яднана з заяўкай
ticket-merged-from = У яе аб’яднаны:
notice-tickets-merged = Заяўкі аб’яднаны.
field-merged_into = Аб’яднана з заяўкай
field-merged_from = Далучана заяўка
preview-download = Спампаваць

# Service levels on business time (issue 12)
field-sla = Тэрмін
field-sla_warning = Папярэджанне пра тэрмін
field-sla_breach = Тэрмін парушаны
sla-filter-soon = Хутка тэрмін
sla-filter-breached = Пратэрмінавана
sla-until = да
sla-paused-left = паўза, засталося { $time }
sla-paused-over = паўза, пратэрмінавана на { $time }
sla-met-in-time = выкананы своечасова: { $at }
sla-met-late = выкананы са спазненнем: { $at }
sla-target-first_response = Першы адказ
sla-target-next_response = Наступны адказ
sla-target-resolution = Вырашэнне
sla-clocks = Тэрміны
ticket-answer-by = Адкажам да { $at }
error-invalid_sla_filter = «{ $field }»: выберыце «Хутка тэрмін» або «Пратэрмінавана».
email-sla-warning-subject = Заяўка № { $number }: хутка сканчаецца тэрмін («{ $target }»)
email-sla-warning-body = Па заяўцы № { $number } хутка сканчаецца тэрмін «{ $target }».
email-sla-breach-subject = Заяўка № { $number }: тэрмін парушаны («{ $target }»)
email-sla-breach-body = Па заяўцы № { $number } парушаны тэрмін «{ $target }».

# Staff's second factor (issue 12)
field-totp = Код з праграмы
field-recovery = Код аднаўлення
totp-title = Пацвярджэнне ўваходу
totp-enrol-lead = Супрацоўнікі ўваходзяць у сістэму з кодам з праграмы на тэлефоне: так уліковы запіс не адкрые той, хто даведаўся пароль. Наладзьце праграму адзін раз.
totp-enrol-step-app = Усталюйце на тэлефон праграму для аднаразовых кодаў, напрыклад Google Authenticator, Microsoft Authenticator або FreeOTP.
totp-enrol-step-scan = У праграме дадайце ўліковы запіс і адсканіруйце QR-код.
totp-enrol-step-code = Увядзіце шасцізначны код, які пакажа праграма.
totp-secret-hint = Калі камера недаступная, увядзіце ў праграме гэты ключ (тып — «па часе»):
totp-secret-label = Сакрэтны ключ
totp-account = Уліковы запіс: { $account }
totp-code-lead = Увядзіце шасцізначны код з праграмы на тэлефоне.
totp-code-hint = 6 лічбаў. Код мяняецца кожныя 30 секунд.
totp-use-recovery = Няма тэлефона пад рукой? Увядзіце код аднаўлення
totp-recovery-hint = Напрыклад: ABCDE-FGH23. Кожны код дзейнічае адзін раз.
totp-start-again = Увайсці нанова
recovery-title = Коды аднаўлення
recovery-lead = Захавайце гэтыя коды: яны паказаныя толькі адзін раз. Калі тэлефона не будзе пад рукой, кожны код заменіць код з праграмы пры адным уваходзе.
recovery-hint = Раздрукуйце або запішыце іх і захоўвайце асобна ад пароля.
recovery-continue = Працягнуць
totp-cabinet-title = Уваход з кодам з праграмы
totp-on-since = Уваход з кодам з праграмы ўключаны з { $at }.
recovery-left = { $n ->
    [one] Застаўся { $n } код аднаўлення.
    [few] Засталося { $n } кода аднаўлення.
   *[other] Засталося { $n } кодаў аднаўлення.
}
recovery-renew-title = Новыя коды аднаўлення
recovery-renew-hint = Увядзіце код з праграмы. Ранейшыя коды аднаўлення перастануць дзейнічаць.
recovery-renew = Стварыць новыя коды
totp-required = Для вашай ролі ўваход з кодам з праграмы абавязковы.
totp-optional = Код з праграмы абараняе ўліковы запіс, нават калі пароль даведаюцца староннія.
totp-turn-on = Уключыць
account-second-factor = Уваход з кодам з праграмы
error-invalid_totp = «{ $field }»: код не падыходзіць. Увядзіце код, які праграма паказвае зараз, — кожны код дзейнічае адзін раз.
error-sign_in_expired = Час на пацвярджэнне ўваходу скончыўся. Увайдзіце яшчэ раз.
