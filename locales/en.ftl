app-name = Helpdesk
skip-to-content = Skip to content
nav-label = Main menu
nav-account = My account
nav-logout = Sign out
nav-login = Sign in
nav-register = Register
link-forgot = Forgot your password?
link-home = Home
page-not-found = Page not found
page-error = The request could not be completed
doc-consent-link = Consent to personal data processing
doc-terms-link = Rules of use
doc-title-personal_data = Consent to the processing of personal data
doc-title-terms_of_use = Rules of use of the System
doc-version-line = Version { $version } of { $date }
minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}

landing-title = User technical support
landing-lead = Ask about electronic signatures, e-services and software — our specialists answer right here.
landing-how-title = How to start
landing-step-1 = Register with your mobile phone number.
landing-step-2 = Confirm the number with the code from the SMS.
landing-step-3 = Receive your password by SMS and sign in.
landing-step-4 = If you represent an organisation, give its УНП — once confirmed, you can file requests on its behalf.

register-title = Registration
register-intro = Everyone registers as an individual. Your login will be your mobile phone number. One account can represent several organisations.
required-note = Fields marked * are required.
register-person = About you
register-organization = Organisation (if you represent one)
register-organization-hint = Enter the organisation's УНП — if the System knows it, its details are filled in for you.
register-consents = Consents
register-have-account = Already registered?
consent-personal-data-before = I have read and give my
consent-personal-data-link = consent to the processing of personal data
consent-terms-before = I have read and accept the
consent-terms-link = rules of use of the System
button-check-unp = Check УНП
button-get-code = Get a confirmation code
org-found = Organisation found
org-not-found = The organisation is not in the System. Please enter its details
hint-phone = For example: +375 29 123-45-67
hint-unp = 9 characters, e.g. 100582333
form-has-errors = Please correct:

field-last_name = Last name
field-first_name = First name
field-middle_name = Middle name
field-phone = Mobile phone
field-email = E-mail
field-unp = Organisation УНП
field-org_name = Organisation's full name
field-org_address = Organisation's address
field-position = Position
field-accept_personal_data = Consent to personal data processing
field-accept_terms = Rules of use
field-code = Code from the SMS
field-login = User name (login)
field-password = Password
field-current_password = Current password
field-new_password = New password
field-new_password_repeat = New password again
field-body = Description
field-request_body = Request body
field-form = Form

confirm-title = Phone number confirmation
code-sent-to = We sent an SMS with a confirmation code to
code-valid-for = The code is valid for %time%
code-valid-for-static = The code is valid for { $time }
code-expired-hint = The code has expired. Press "Send the code again".
button-confirm = Confirm
button-resend = Send the code again
resend-in = You can ask for a new code in %n% s
resend-in-static = You can ask for a new code in { $n } s

done-title = Registration complete
done-message = Your sign-in password has been sent by SMS to your phone.
done-password-hint = When typing the password, mind the keyboard layout (Russian/English) and letter case (CapsLock). After signing in you can choose your own password.
button-enter-system = Sign in to Helpdesk

login-title = Sign in
hint-login = Your mobile number in any form, e.g. 8 029 123-45-67 (staff: your user name)
hint-layout = Mind the keyboard layout (Russian/English) and letter case (CapsLock).
warning-capslock = CapsLock is on: letters are typed in capitals.
warning-cyrillic = You are typing Cyrillic letters — the Russian layout may be on.
button-login = Sign in
notice-logged-out = You have signed out.
notice-withdrawn = Consent withdrawn; the account is blocked.

reset-title = Password recovery
reset-intro = Enter the phone number the account is registered to. We will send a confirmation code, then a new password.
reset-confirm-title = Password recovery: code from the SMS
reset-done-title = New password sent
reset-done-message = If the number is registered, a new password has been sent by SMS. All previous sessions have ended.

account-title = My account
account-invite-password = You signed in with the password from the SMS. Choose your own password — it is easier and safer.
account-set-password = Choose a password
account-profile = Profile
account-change-password = Change password
account-organizations = Organisations
account-no-organizations = You do not represent any organisation yet.
account-add-organization = Add an organisation
button-add-organization = Send the request
account-sessions = Active sessions
session-last-seen = Last active
session-current = This session
button-end-session = End
account-consents = Consents
consent-version = version
account-download-data = Download my data (JSON)
button-withdraw-consent = Withdraw consent
button-save = Save
button-later = Later
button-cancel = Cancel
representation-pending = Under review
representation-confirmed = Confirmed
representation-rejected = Rejected
representation-revoked = Revoked
notice-profile-saved = Profile saved.
notice-organization-added = Request sent. The representation takes effect once confirmed.
notice-organization-exists = There is already a request for this organisation.
notice-session-ended = Session ended.
notice-password-changed = Password changed. Other sessions have ended.

password-title = Change password
password-invite = Choose your own password instead of the one from the SMS.
password-rules = 8 to 128 characters, any letters, digits and symbols. Avoid common passwords, your phone number and your name.

withdraw-title = Withdraw consent
withdraw-explain-1 = Once you withdraw your consent to personal data processing, your account is blocked, all sessions end and you can no longer sign in.
withdraw-explain-2 = Your personal data will be anonymised; the technical content of your requests is kept without data about you.
withdraw-explain-3 = To use the system again you will need to register anew.
button-withdraw-confirm = Withdraw consent and block the account

sms-registration-code = Helpdesk. Do not share this code. Confirmation code: { $code }
sms-already-registered = Helpdesk: this number is already registered. Forgot the password? Recover it with "Forgot your password?" on the sign-in page.
sms-password = Helpdesk: registration complete. Your login is your phone number. Password: { $password }
sms-reset-code = Helpdesk. Do not share this code. Password recovery code: { $code }
sms-reset-password = Helpdesk: password changed, all sessions ended. New password: { $password }

error-required = Please fill in "{ $field }".
error-consent_required = To continue, tick "{ $field }".
error-invalid_phone = "{ $field }": a Belarusian mobile number is needed — +375 and 9 digits with operator code 25, 29, 33 or 44, e.g. +375 29 123-45-67.
error-invalid_unp = "{ $field }": 9 characters — digits (the first 1 to 7) or a Latin letter A, B, C, E, H, K, M first, e.g. 100582333.
error-unp_check_digit-unp = Invalid УНП: check the last digit
error-unp_check_digit = Invalid УНП: check the last digit
error-invalid_name = "{ $field }": Russian, Belarusian or Latin letters, spaces, hyphens and apostrophes only.
error-name_too_long = "{ $field }": at most 100 characters.
error-too_long = "{ $field }": too long, please shorten it.
error-invalid_text = "{ $field }": contains characters that are not allowed.
error-invalid_email = "{ $field }": an address like name@example.by.
error-invalid_code_format = "{ $field }": the 6 digits from the SMS.
error-wrong_password = "{ $field }": the password is wrong.
error-password_too_short = "{ $field }": at least 8 characters.
error-password_too_long = "{ $field }": at most 128 characters.
error-password_common = "{ $field }": this password is too common, please choose another.
error-password_personal = "{ $field }": the password must not contain your phone number or name.
error-passwords_differ = "{ $field }": the passwords do not match.
error-password_unchanged = "{ $field }": the new password is the same as the current one.
error-json_required = The request body must be JSON (Content-Type: application/json).
error-invalid_json = The request body could not be read: check the JSON and the field types.
error-invalid_input = Please check what you entered.
error-invalid_code = Wrong code. { $n ->
    [0] No attempts left for this code — ask for a new one.
    [one] { $n } attempt left.
   *[other] { $n } attempts left.
}
error-code_expired = The code has expired. Press "Send the code again".
error-too_many_attempts = Too many wrong attempts for this code. Ask for a new code.
error-resend_too_early = You can ask for a new code in { $n } s.
error-too_many_sends = The resend limit is reached. Please start the registration again later.
error-sms_limit = Too many SMS to this number or from this address. Please try again tomorrow.
error-invalid_credentials = Wrong user name or password.
error-locked = Too many attempts, try again in { $n } min
error-rate_limited = Too many requests, please try again later.
error-account_blocked = The account is blocked. Please contact support.
error-already_confirmed = This step is already done.
error-unauthorized = Please sign in.
error-cross_site_request = The form is outdated or was sent from another site. Reload the page and try again.
error-not_found = There is no such page, or the link is outdated.
error-internal = Internal error. We know about it; please try again later.

sms-ticket-created = Helpdesk: request No. { $number } received. The answer will appear in your account.
error-invalid_transition = This action is not available in the request's current status.
error-unknown_service = "{ $field }": choose a service from the list.
error-invalid_status = "{ $field }": there is no such status.
error-invalid_priority = "{ $field }": choose a priority from the list.
error-invalid_cursor = The link to this page of the list is outdated; open the list again.
error-not_a_representative = "{ $field }": requests on behalf of an organisation are possible once the representation is confirmed.
error-invalid_ticket_number = "{ $field }": a request number like 2026-000123.
field-service = Service
field-subject = Subject
field-organization_unp = On behalf of the organisation
field-priority = Priority
field-status = Status
field-cursor = List page
field-number = Request number
