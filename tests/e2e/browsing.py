"""Steps a person takes in the browser: registering through the widget, reading the delivered mail."""
import email
import email.policy
import time

from ..helpers import visible_text


def delivered(mail_dir, address, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in mail_dir.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] == address:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no email for {address}")


def register(browser, website, address, inspect=None):
    """Registers through the widget on ``website``; ``inspect(page, where)`` may look at the widget page
    and the order page on the way."""
    context = browser.new_context(viewport={"width": 1100, "height": 1200}, locale="de-DE")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if inspect:
        inspect.watch(page)
    page.goto(website)
    page.wait_for_selector(".pretix-widget-item-row", timeout=30000)
    essentials = page.inner_text(".pretix-widget-event-description")
    if inspect:
        inspect(page, "the widget")
    page.fill(".pretix-widget input[type=number]", "1")
    with context.expect_page() as popup:  # over plain http the widget checks out in a new tab
        page.click(".pretix-widget-action button[type=submit]")
    checkout = popup.value
    if inspect:
        inspect.watch(checkout)
    checkout.wait_for_load_state()
    checkout.fill("input[name=email]", address)
    checkout.click("button.btn-primary[type=submit]")
    checkout.wait_for_url("**/checkout/confirm/")
    checkout.click("button.btn-primary[type=submit]")
    checkout.wait_for_url("**/order/**")
    if inspect:
        inspect(checkout, "the order page")
    order_page = visible_text(checkout.content())
    context.close()
    return essentials, order_page, errors


def register_in_shop(browser, shop_url, address):
    """The shop page itself: choose the free ticket, give an email address, confirm."""
    context = browser.new_context(viewport={"width": 1100, "height": 1200}, locale="de-DE")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(shop_url)
    page.fill("input.input-item-count", "1")
    page.click("#btn-add-to-cart")  # the cart is filled by a celery task
    # a free meetup's shop goes straight to the questions (redirect_to_checkout_directly), else the cart
    page.wait_for_selector("form.checkout-button-primary button[type=submit], input[name=email]", timeout=60000)
    if "/checkout/" not in page.url:
        page.click("form.checkout-button-primary button[type=submit]", timeout=60000)
    page.wait_for_url("**/checkout/questions/**", timeout=60000)
    page.fill("input[name=email]", address)
    page.click("button.btn-primary[type=submit]")
    page.wait_for_url("**/checkout/confirm/**")
    page.click("button.btn-primary[type=submit]")
    page.wait_for_url("**/order/**", timeout=60000)
    order_page = visible_text(page.content())
    context.close()
    return order_page, errors
