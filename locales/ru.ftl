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
withdraw-explain-2 = Ваши персональные данные будут обезличены; техническое содержание ваших обращений сохранится без сведений о вас.
withdraw-explain-3 = Чтобы снова пользоваться системой, потребуется новая регистрация.
button-withdraw-confirm = Отозвать согласие и заблокировать учётную запись

sms-registration-code = Техподдержка. Никому не сообщайте этот код. Код подтверждения: { $code }
sms-already-registered = Техподдержка: этот номер уже зарегистрирован. Забыли пароль? Восстановите его по ссылке «Забыли пароль?» на странице входа.
sms-password = Техподдержка: регистрация завершена. Логин — ваш номер телефона. Пароль: { $password }
sms-reset-code = Техподдержка. Никому не сообщайте этот код. Код для восстановления пароля: { $code }
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
