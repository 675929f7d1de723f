app-name = Техподдержка
skip-to-content = Перейти к содержимому
nav-label = Основное меню
nav-account = Личный кабинет
nav-logout = Выйти
nav-login = Вход
nav-register = Регистрация
link-forgot = Забыли пароль?
link-home = На главную
page-not-found = Страница не найдена
page-error = Не удалось выполнить запрос
doc-consent-link = Согласие на обработку персональных данных
doc-terms-link = Порядок использования Системы
doc-title-personal_data = Согласие на обработку персональных данных
doc-title-terms_of_use = Порядок использования Системы
doc-version-line = Редакция { $version } от { $date }
minutes = { $n ->
    [one] { $n } минуту
    [few] { $n } минуты
   *[other] { $n } минут
}

landing-title = Техническая поддержка пользователей
landing-lead = Задайте вопрос об электронной цифровой подписи, электронных услугах и программном обеспечении — специалисты ответят здесь же.
landing-how-title = Как начать
landing-step-1 = Зарегистрируйтесь по номеру мобильного телефона.
landing-step-2 = Подтвердите номер кодом из SMS.
landing-step-3 = Получите пароль в SMS и войдите в систему.
landing-step-4 = Если вы представляете организацию, укажите её УНП — после подтверждения вы сможете подавать заявки от её имени.

register-title = Регистрация
register-intro = Все пользователи регистрируются как физические лица. Логином будет номер вашего мобильного телефона. С одной учётной записью можно представлять несколько организаций.
required-note = Поля, отмеченные *, обязательны для заполнения.
register-person = Сведения о вас
register-organization = Организация (если вы её представляете)
register-organization-hint = Укажите УНП организации — если она уже есть в Системе, её данные подставятся сами.
register-consents = Согласия
register-have-account = Уже зарегистрированы?
consent-personal-data-before = Я ознакомлен(а) и даю
consent-personal-data-link = согласие на обработку персональных данных
consent-terms-before = Я ознакомлен(а) и согласен(на) с
consent-terms-link = порядком использования Системы
button-check-unp = Проверить УНП
button-get-code = Получить код подтверждения
org-found = Организация найдена
org-not-found = Организация не найдена в Системе. Введите данные об организации
hint-phone = Например: +375 29 123-45-67
hint-unp = 9 знаков, например 100582333
form-has-errors = Исправьте, пожалуйста:

field-last_name = Фамилия
field-first_name = Имя
field-middle_name = Отчество
field-phone = Мобильный телефон
field-email = E-mail
field-unp = УНП организации
field-org_name = Полное наименование организации
field-org_address = Адрес организации
field-position = Должность
field-accept_personal_data = Согласие на обработку персональных данных
field-accept_terms = Порядок использования Системы
field-code = Код из SMS
field-login = Имя пользователя (логин)
field-password = Пароль
field-current_password = Текущий пароль
field-new_password = Новый пароль
field-new_password_repeat = Новый пароль ещё раз
field-body = Описание
field-request_body = Тело запроса
field-form = Форма

confirm-title = Подтверждение номера телефона
code-sent-to = Мы отправили SMS с кодом подтверждения на номер
code-valid-for = Код действителен ещё %time%
code-valid-for-static = Код действителен ещё { $time }
code-expired-hint = Срок действия кода истёк. Нажмите «Отправить код повторно».
button-confirm = Подтвердить
button-resend = Отправить код повторно
resend-in = Отправить код повторно можно через %n% с
resend-in-static = Отправить код повторно можно через { $n } с

done-title = Регистрация завершена
done-message = Пароль для входа отправлен в SMS на ваш номер телефона.
done-password-hint = При вводе пароля обратите внимание на раскладку клавиатуры (русская/английская) и регистр символов (клавиша CapsLock). После входа вы сможете задать свой пароль.
button-enter-system = Вход в систему техподдержка

login-title = Вход в систему
hint-login = Номер мобильного телефона в любом виде, например 8 029 123-45-67 (сотрудники — имя пользователя)
hint-layout = Обратите внимание на раскладку клавиатуры (русская/английская) и регистр символов (клавиша CapsLock).
warning-capslock = Включён CapsLock: буквы вводятся заглавными.
warning-cyrillic = Вы вводите русские буквы — возможно, включена русская раскладка.
button-login = Войти
notice-logged-out = Вы вышли из системы.
notice-withdrawn = Согласие отозвано, учётная запись заблокирована.

reset-title = Восстановление пароля
reset-intro = Укажите номер телефона, на который зарегистрирована учётная запись. Мы отправим код подтверждения, а затем — новый пароль.
reset-confirm-title = Восстановление пароля: код из SMS
reset-done-title = Новый пароль отправлен
reset-done-message = Если номер зарегистрирован, новый пароль отправлен в SMS. Все прежние сеансы завершены.

account-title = Личный кабинет
account-invite-password = Вы вошли с паролем из SMS. Задайте свой пароль — так удобнее и безопаснее.
account-set-password = Задать пароль
account-profile = Профиль
account-change-password = Сменить пароль
account-organizations = Организации
account-no-organizations = Вы пока не представляете ни одной организации.
account-add-organization = Добавить организацию
button-add-organization = Отправить заявку
account-sessions = Активные сеансы
session-last-seen = Последняя активность
session-current = Этот сеанс
button-end-session = Завершить
account-consents = Согласия
consent-version = редакция
account-download-data = Скачать мои данные (JSON)
button-withdraw-consent = Отозвать согласие
button-save = Сохранить
button-later = Позже
button-cancel = Отмена
representation-pending = На рассмотрении
representation-confirmed = Подтверждено
representation-rejected = Отклонено
representation-revoked = Отозвано
notice-profile-saved = Профиль сохранён.
notice-organization-added = Заявка отправлена. Представительство начнёт действовать после подтверждения.
notice-organization-exists = Заявка на эту организацию уже есть.
notice-session-ended = Сеанс завершён.
notice-password-changed = Пароль изменён. Остальные сеансы завершены.

password-title = Смена пароля
password-invite = Задайте собственный пароль вместо пароля из SMS.
password-rules = От 8 до 128 символов, любые буквы, цифры и знаки. Не используйте распространённые пароли, свой номер телефона или имя.

withdraw-title = Отзыв согласия
withdraw-explain-1 = После отзыва согласия на обработку персональных данных ваша учётная запись будет заблокирована, все сеансы завершатся, войти в систему будет нельзя.
withdraw-explain-2 = Не позднее чем через 15 дней ваши персональные данные будут обезличены: имя, телефон, e-mail, сведения о представительстве организаций и о ваших устройствах. Техническое содержание ваших обращений сохранится без сведений о вас.
withdraw-explain-3 = Чтобы снова пользоваться системой, потребуется новая регистрация.
button-withdraw-confirm = Отозвать согласие и заблокировать учётную запись

sms-registration-code = Техподдержка: никому не сообщайте этот код. Код подтверждения: { $code }
sms-already-registered = Техподдержка: этот номер уже зарегистрирован. Забыли пароль? Восстановите его по ссылке «Забыли пароль?» на странице входа.
sms-password = Техподдержка: регистрация завершена. Логин — ваш номер телефона. Пароль: { $password }
sms-reset-code = Техподдержка: никому не сообщайте этот код. Код для восстановления пароля: { $code }
sms-reset-password = Техподдержка: пароль изменён, все сеансы завершены. Новый пароль: { $password }

error-required = Заполните поле «{ $field }».
error-consent_required = Чтобы продолжить, отметьте «{ $field }».
error-invalid_phone = «{ $field }»: нужен белорусский мобильный номер — +375 и 9 цифр с кодом оператора 25, 29, 33 или 44, например +375 29 123-45-67.
error-invalid_unp = «{ $field }»: 9 знаков — цифры (первая от 1 до 7) или латинская буква A, B, C, E, H, K, M в начале, например 100582333.
error-unp_check_digit-unp = Неверный УНП: проверьте последнюю цифру
error-unp_check_digit = Неверный УНП: проверьте последнюю цифру
error-invalid_name = «{ $field }»: только русские, белорусские или латинские буквы, пробел, дефис и апостроф.
error-name_too_long = «{ $field }»: не длиннее 100 символов.
error-too_long = «{ $field }»: слишком длинное значение, сократите его.
error-invalid_text = «{ $field }»: недопустимые символы.
error-invalid_email = «{ $field }»: адрес вида name@example.by.
error-invalid_code_format = «{ $field }»: 6 цифр из SMS.
error-wrong_password = «{ $field }»: пароль неверный.
error-password_too_short = «{ $field }»: не короче 8 символов.
error-password_too_long = «{ $field }»: не длиннее 128 символов.
error-password_common = «{ $field }»: этот пароль слишком распространён, придумайте другой.
error-password_personal = «{ $field }»: пароль не должен содержать ваш номер телефона или имя.
error-passwords_differ = «{ $field }»: пароли не совпадают.
error-password_unchanged = «{ $field }»: новый пароль совпадает с текущим.
error-json_required = Тело запроса должно быть JSON (Content-Type: application/json).
error-invalid_json = Тело запроса не удалось прочитать: проверьте JSON и типы полей.
error-invalid_input = Проверьте введённые данные.
error-invalid_code = Неверный код. { $n ->
    [0] Попыток для этого кода не осталось — запросите новый код.
    [one] Осталась { $n } попытка.
    [few] Осталось { $n } попытки.
   *[other] Осталось { $n } попыток.
}
error-code_expired = Срок действия кода истёк. Нажмите «Отправить код повторно».
error-too_many_attempts = Слишком много неверных попыток для этого кода. Запросите новый код.
error-resend_too_early = Новый код можно запросить через { $n } с.
error-too_many_sends = Лимит повторных отправок исчерпан. Начните регистрацию заново позже.
error-sms_limit = Слишком много SMS на этот номер или с этого адреса. Повторите завтра.
error-invalid_credentials = Неверное имя пользователя или пароль.
error-locked = Слишком много попыток, повторите через { $n } мин
error-rate_limited = Слишком много запросов, повторите позже.
error-account_blocked = Учётная запись заблокирована. Обратитесь в техническую поддержку.
error-already_confirmed = Этот шаг уже выполнен.
error-unauthorized = Войдите в систему.
error-cross_site_request = Форма устарела или отправлена с другого сайта. Обновите страницу и повторите.
error-not_found = Такой страницы нет или ссылка устарела.
error-internal = Внутренняя ошибка. Мы уже знаем о ней; повторите попытку позже.

sms-ticket-created = Техподдержка: заявка № { $number } принята. Ответ появится в личном кабинете.
error-invalid_transition = Это действие недоступно в текущем статусе заявки.
error-unknown_service = «{ $field }»: выберите услугу из списка.
error-invalid_status = «{ $field }»: такого статуса нет.
error-invalid_priority = «{ $field }»: выберите приоритет из списка.
error-invalid_cursor = Ссылка на страницу списка устарела, откройте список заново.
error-not_a_representative = «{ $field }»: заявку от имени организации можно подать после подтверждения представительства.
error-invalid_ticket_number = «{ $field }»: номер заявки вида 2026-000123.
field-service = Услуга
field-subject = Тема
field-organization_unp = От имени организации
field-priority = Приоритет
field-status = Статус
field-cursor = Страница списка
field-number = Номер заявки
nav-tickets = Мои заявки
tickets-title = Мои заявки
tickets-new = Новая заявка
tickets-empty = Заявок пока нет.
tickets-next-page = Следующая страница
filter-all = Все
button-filter = Показать
choose-service = Выберите услугу
hint-ticket-body = Опишите, что вы делали, что ожидали и что произошло; приведите текст ошибки.
field-on-behalf = От чьего имени
on-behalf-personal = От себя лично
field-contact_phone = Контактный телефон
hint-contact-phone = Сюда позвонит специалист, если понадобится. SMS о заявке приходят на номер вашей учётной записи.
button-file-ticket = Отправить заявку
field-reply = Ваш ответ
button-reply = Отправить
button-solved = Проблема решена
ticket-closed-hint = Заявка закрыта. Если вопрос остался, напишите здесь: ваш ответ откроет новую заявку, связанную с этой.
button-follow-up = Открыть новую заявку
ticket-continues = Продолжение заявки
ticket-continued-in = Продолжение в заявке
notice-follow-up-filed = Заявка была закрыта, поэтому мы открыли новую, связанную с ней. Номер новой заявки — вверху страницы.
field-follow_up = Продолжение в новой заявке
author-support = Техподдержка
notice-ticket-filed = Заявка принята. Номер заявки отправлен вам в SMS.
notice-reply-sent = Ответ отправлен.
notice-ticket-solved = Спасибо! Заявка отмечена как решённая.
status-new = Новая
status-in_progress = В работе
status-on_hold = Ожидает третью сторону
status-waiting_customer = Ожидает вашего ответа
status-resolved = Решена
status-closed = Закрыта
sms-ticket-reply = Техподдержка: по заявке № { $number } есть ответ. Посмотрите его в личном кабинете.
error-forbidden = Это доступно только сотрудникам техподдержки.
error-conflict = Заявку только что изменил кто-то другой. Обновите страницу и повторите.
error-invalid_queue = «{ $field }»: такой очереди нет.
error-unknown_staff = «{ $field }»: такого сотрудника нет.
error-assignee_outside_group = «{ $field }»: сотрудник не входит в группу этой заявки.
field-queue = Очередь
field-assignee = Исполнитель
nav-staff = Консоль
staff-title = Консоль оператора
queue-mine = Мои
queue-unassigned = Неназначенные
queue-open = Все открытые
queue-waiting = Ожидают ответа клиента
staff-queue-empty = В этой очереди нет заявок.
staff-updated = Изменена
staff-requester = Заявитель
staff-contract = договор
staff-internal-note = внутренняя заметка
staff-message = Сообщение
staff-send-reply = Ответить клиенту
staff-add-note = Внутренняя заметка
staff-change = Изменить
staff-assign = Назначить
actor-system = Система
field-assignee_id = Исполнитель
notice-note-added = Заметка добавлена.
error-invalid_decision = «{ $field }»: confirm или reject.
error-invalid_role = «{ $field }»: member или manager.
field-decision = Решение
field-role = Роль
staff-confirm-member = Подтвердить
staff-confirm-manager = Подтвердить как руководителя
staff-reject = Отклонить
notice-representation-decided = Решение по представительству сохранено.
account-tokens = API-токены
account-tokens-hint = Для программ, которые работают с заявками через API: заголовок Authorization: Bearer и токен.
account-token-once = Скопируйте токен сейчас — больше он показан не будет:
token-last-used = использовался
button-revoke = Отозвать
button-create-token = Создать токен
field-token_name = Название токена
notice-token-created = Токен создан.
notice-token-revoked = Токен отозван.
error-attachment_too_large = Файл больше { $n } МБ — уменьшите его или разделите на части.
error-too_many_files = «{ $field }»: не больше 10 файлов к одному сообщению.
error-empty_file = «{ $field }»: файл пустой.
error-invalid_multipart = Форму с файлами не удалось прочитать, отправьте её ещё раз.
field-files = Файлы
hint-files = До { $count } файлов, каждый до { $mb } МБ.
attachments-label = Вложения
size-kb = { $n } КБ
size-mb = { $n } МБ
staff-status-waiting_customer = Ожидает ответа клиента
rating-title = Оцените решение
rating-given = Оценка: { $n } из 5
field-rating = Оценка
field-rating_comment = Комментарий к оценке
button-rate = Оценить
error-invalid_rating = «{ $field }»: выберите от 1 до 5.
notice-ticket-rated = Спасибо за оценку!
priority-low = Низкий
priority-normal = Обычный
priority-high = Высокий
priority-urgent = Срочный
field-group = Группа
error-unknown_group = «{ $field }»: такой группы нет.

# Ticket lists: search, filters, sorting
field-q = Поиск
field-from = Создана с
field-to = Создана по
field-sort = Сортировка
field-organization = Организация
search-placeholder = Номер заявки или слова из текста
sort-updated = По последнему изменению
sort-created = Сначала новые
sort-priority = По приоритету
sort-sla = По сроку решения
queue-all = Все заявки
staff-sla-due = Срок
error-invalid_sort = «{ $field }»: выберите порядок из списка.
error-invalid_date = «{ $field }»: укажите дату в виде ГГГГ-ММ-ДД, например 2026-11-25.
error-period_reversed = «{ $field }»: дата окончания периода должна быть не раньше даты начала.
error-search_too_short = «{ $field }»: введите номер заявки или хотя бы одно слово из двух и более букв, кроме предлогов и союзов (например, «сертификат»).
staff-live-new = Поступили новые заявки — они добавлены в начало списка.

# Canned responses
field-canned = Шаблон ответа
field-title = Название
field-canned-body = Текст ответа
canned-title = Шаблоны ответов
canned-shared = общий
canned-insert = Вставить в ответ
canned-manage = Шаблоны ответов…
canned-empty = Шаблонов пока нет. Добавьте первый ниже.
canned-add = Новый шаблон
canned-share = Общий — виден всем сотрудникам
canned-save = Сохранить шаблон
canned-delete = Удалить
notice-canned-saved = Шаблон сохранён.
notice-canned-deleted = Шаблон удалён.

# Ticket notices by e-mail
sms-ticket-resolved = Техподдержка: заявка № { $number } решена. Если вопрос остался, ответьте в заявке.
field-notify_by_email = Сообщать о заявках по e-mail вместо SMS
error-email_needed = «{ $field }»: укажите e-mail, чтобы получать сообщения на него.
email-ticket-created-subject = Заявка № { $number } принята
email-ticket-created-body = Здравствуйте! Ваша заявка № { $number } принята. Мы ответим в ней, а вы получите письмо.
email-ticket-reply-subject = Ответ по заявке № { $number }
email-ticket-reply-body = Здравствуйте! По вашей заявке № { $number } есть ответ специалиста. Прочитать его можно в личном кабинете.
email-ticket-resolved-subject = Заявка № { $number } решена
email-ticket-resolved-body = Здравствуйте! Заявка № { $number } отмечена как решённая. Если вопрос остался, ответьте в заявке — она откроется снова.
email-assigned-subject = Вам назначена заявка № { $number }
email-assigned-body = Вам назначена заявка № { $number }.
token-expires = действует до
field-token_lifetime = Срок действия
token-lifetime-days = { $n ->
    [one] { $n } день
    [few] { $n } дня
   *[many] { $n } дней
}
account-tokens-revoked = { $n ->
    [one] { $n } токен отозван
    [few] { $n } токена отозваны
   *[many] { $n } токенов отозваны
} при смене пароля { $at }. Создайте новые, если они нужны программам.
error-invalid_choice = «{ $field }»: выберите значение из списка.
error-staff_tokens_disabled = «{ $field }»: сотрудникам API-токены не выдаются — войдите в консоль через браузер.
notice-password-changed-tokens-revoked = Пароль изменён. Остальные сеансы завершены, API-токены отозваны.
sms-tokens-revoked = Техподдержка: пароль изменён, поэтому все ваши API-токены отозваны. Новые можно создать в личном кабинете.
email-tokens-revoked-subject = API-токены отозваны
email-tokens-revoked-body = Здравствуйте! Пароль вашей учётной записи изменён, поэтому все ваши API-токены отозваны. Если они нужны программам, создайте новые в личном кабинете. Если пароль меняли не вы, восстановите его по ссылке «Забыли пароль?» на странице входа.
account-tokens-staff = Сотрудникам API-токены не выдаются: консоль открывается в браузере, где сеанс завершается сам.
error-text_too_large = «{ $field }»: текст длиннее { $n } КБ — сократите его.
error-request_timeout = Передача прервалась: данные перестали поступать. Проверьте связь и отправьте ещё раз.
error-unavailable = Сервис временно недоступен, повторите через минуту.
error-invalid_query = Параметры запроса не удалось прочитать: проверьте их имена и значения.
field-query = Параметры запроса
filters-more = Фильтры
filters-active = заданы
button-apply = Применить
button-copy = Скопировать
copied = Скопировано
ticket-number = № { $number }
column-number = №
rating-1 = 1 — очень плохо
rating-2 = 2 — плохо
rating-3 = 3 — удовлетворительно
rating-4 = 4 — хорошо
rating-5 = 5 — отлично

# The operator's workspace (issue 11)
notice-ticket-saved = Изменения сохранены.
notice-draft-saved = Черновик сохранён. Он будет ждать вас здесь, и на другом устройстве тоже.
notice-draft-discarded = Черновик удалён.
sla-left = осталось { $time }
sla-overdue = просрочено на { $time }
span-hours = { $n } ч
span-minutes = { $n } мин
presence-writing = { $name } пишет ответ
presence-viewing = { $name } смотрит эту заявку
assignee-nobody = — не назначен —
field-status_after = После отправки
ws-new-message = Ответ
ws-conversation = Переписка
ws-attributes = Параметры заявки
ws-sla = Срок решения
ws-after-send = После отправки
ws-save-draft = Сохранить черновик
ws-discard-draft = Удалить черновик
ws-draft-hint = Черновик сохраняется сам, пока вы пишете, и восстановится, когда вы вернётесь.
ws-draft-saved-live = Черновик сохранён
ws-history = Другие заявки клиента
ws-organization-history = Заявки организации «{ $name }» от коллег
ws-no-history = Других заявок нет.
ws-answered-meanwhile = Пока вы писали, клиенту ответил(а): { $names }. Ответ показан в переписке. Ваш текст не отправлен — проверьте его и отправьте ещё раз.
ws-present = Сейчас в заявке
error-answered_meanwhile = Пока вы писали, клиенту уже ответили. Проверьте переписку и отправьте ещё раз.
staff-live-updated = Список обновился: изменённые заявки отмечены и подняты наверх.
staff-notifications = Уведомлять в браузере о моих заявках
staff-notifications-on = Уведомления в браузере включены
keys-show = Клавиши быстрого доступа (?)
keys-title = Клавиши быстрого доступа
keys-move = следующая / предыдущая заявка в списке
keys-open = открыть выбранную заявку
keys-search = перейти к поиску
keys-reply = написать ответ клиенту
keys-note = написать внутреннюю заметку
keys-send = отправить (ответ или заметку)
keys-assign = назначить заявку на себя
keys-help = показать этот список
keys-not-in-fields = В полях ввода клавиши печатают текст, как обычно.
keys-close = Закрыть
status-step-new = Принята
ticket-steps = Путь заявки
bulk-title = Групповое изменение
bulk-changed = { $n ->
    [one] Изменена { $n } заявка
    [few] Изменены { $n } заявки
   *[many] Изменены { $n } заявок
}
bulk-unchanged = { $n ->
    [one] Без изменений (уже так): { $n } заявка
    [few] Без изменений (уже так): { $n } заявки
   *[many] Без изменений (уже так): { $n } заявок
}
bulk-refused = { $n ->
    [one] Не изменена { $n } заявка
    [few] Не изменены { $n } заявки
   *[many] Не изменены { $n } заявок
}
bulk-legend = С отмеченными
bulk-keep = — не менять —
bulk-unassign = — снять исполнителя —
bulk-apply = Применить к отмеченным
bulk-select = Выбрать заявку { $number }
bulk-select-all = Выбрать все на странице
bulk-hint = Отметьте заявки и выберите, что изменить. Shift+щелчок отмечает подряд.
field-ticket = Заявки
error-required-ticket = Отметьте хотя бы одну заявку.
error-too_many-ticket = Не больше 100 заявок за раз.
error-too_many = «{ $field }»: слишком много.
sms-ticket-merged = Техподдержка: заявки № { $number } и № { $into } объединены, переписка продолжится в № { $into }.
email-ticket-merged-subject = Заявка № { $number } объединена с № { $into }
email-ticket-merged-body = Здравствуйте! Заявка № { $number } повторяла заявку № { $into }, и мы объединили их: все сообщения и файлы теперь в заявке № { $into }, ответ придёт туда.
field-merge_into = Объединить с заявкой №
merge-button = Объединить
merge-hint = Повторную заявку того же клиента: её сообщения и файлы перейдут в указанную, а эта закроется. Клиент получит одно уведомление.
error-unknown_ticket = «{ $field }»: такой заявки нет или она вам недоступна.
error-merge_same = «{ $field }»: это та же самая заявка.
error-merge_other_customer = «{ $field }»: объединять можно только заявки одного клиента.
error-merge_closed = «{ $field }»: закрытую заявку объединить нельзя.
ticket-merged-into = Объединена с заявкой
ticket-merged-from = В неё объединены:
notice-tickets-merged = Заявки объединены.
field-merged_into = Объединена с заявкой
field-merged_from = Присоединена заявка
preview-download = Скачать

# Service levels on business time (issue 12)
field-sla = Срок
field-sla_warning = Предупреждение о сроке
field-sla_breach = Срок нарушен
sla-filter-soon = Скоро просрочка
sla-filter-breached = Просрочено
sla-until = до
sla-paused-left = пауза, осталось { $time }
sla-paused-over = пауза, просрочено на { $time }
sla-met-in-time = выполнен вовремя: { $at }
sla-met-late = выполнен с опозданием: { $at }
sla-target-first_response = Первый ответ
sla-target-next_response = Следующий ответ
sla-target-resolution = Решение
sla-clocks = Сроки
ticket-answer-by = Ответим до { $at }
error-invalid_sla_filter = «{ $field }»: выберите «Скоро просрочка» или «Просрочено».
email-sla-warning-subject = Заявка № { $number }: скоро истекает срок («{ $target }»)
email-sla-warning-body = По заявке № { $number } скоро истекает срок «{ $target }».
email-sla-breach-subject = Заявка № { $number }: срок нарушен («{ $target }»)
email-sla-breach-body = По заявке № { $number } нарушен срок «{ $target }».

# Staff's second factor (issue 12)
field-totp = Код из приложения
field-recovery = Код восстановления
totp-title = Подтверждение входа
totp-enrol-lead = Сотрудники входят в систему с кодом из приложения на телефоне: так учётную запись не откроет тот, кто узнал пароль. Настройте приложение один раз.
totp-enrol-step-app = Установите на телефон приложение для одноразовых кодов, например Google Authenticator, Microsoft Authenticator или FreeOTP.
totp-enrol-step-scan = В приложении добавьте учётную запись и отсканируйте QR-код.
totp-enrol-step-code = Введите шестизначный код, который покажет приложение.
totp-secret-hint = Если камера недоступна, введите в приложении этот ключ (тип — «по времени»):
totp-secret-label = Секретный ключ
totp-account = Учётная запись: { $account }
totp-code-lead = Введите шестизначный код из приложения на телефоне.
totp-code-hint = 6 цифр. Код меняется каждые 30 секунд.
totp-use-recovery = Нет телефона под рукой? Введите код восстановления
totp-recovery-hint = Например: ABCDE-FGH23. Каждый код действует один раз.
totp-start-again = Войти заново
recovery-title = Коды восстановления
recovery-lead = Сохраните эти коды: они показаны только один раз. Если телефона не будет под рукой, каждый код заменит код из приложения при одном входе.
recovery-hint = Распечатайте или запишите их и храните отдельно от пароля.
recovery-continue = Продолжить
totp-cabinet-title = Вход с кодом из приложения
totp-on-since = Вход с кодом из приложения включён с { $at }.
recovery-left = { $n ->
    [one] Остался { $n } код восстановления.
    [few] Осталось { $n } кода восстановления.
   *[other] Осталось { $n } кодов восстановления.
}
recovery-renew-title = Новые коды восстановления
recovery-renew-hint = Введите код из приложения. Прежние коды восстановления перестанут действовать.
recovery-renew = Создать новые коды
totp-required = Для вашей роли вход с кодом из приложения обязателен.
totp-optional = Код из приложения защищает учётную запись, даже если пароль узнают посторонние.
totp-turn-on = Включить
account-second-factor = Вход с кодом из приложения
error-invalid_totp = «{ $field }»: код не подходит. Введите код, который приложение показывает сейчас, — каждый код действует один раз.
error-sign_in_expired = Время на подтверждение входа истекло. Войдите ещё раз.
