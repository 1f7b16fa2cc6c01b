import os

from django.core.management.base import BaseCommand

from archive.staff import ensure_admin_account


class Command(BaseCommand):
    help = (
        "Make sure the local admin account exists. Name and password come from "
        "ADMIN_USERNAME / ADMIN_PASSWORD (default user 'admin'; a generated password "
        "is printed once). An existing account is never changed."
    )

    def handle(self, *args, **options):
        username = os.environ.get("ADMIN_USERNAME", "admin")
        account = ensure_admin_account(
            username, os.environ.get("ADMIN_PASSWORD", ""), os.environ.get("ADMIN_EMAIL", "")
        )
        if account.generated_password:
            self.stdout.write(
                f"Created admin account {username!r} with password: {account.generated_password}\n"
                "(shown once; set ADMIN_PASSWORD to choose your own)"
            )
        elif account.password_not_applied:
            self.stdout.write(
                self.style.WARNING(
                    f"Admin account {username!r} already exists, so ADMIN_PASSWORD was NOT "
                    "applied (an existing account is never changed).\n"
                    f"To change its password run: python manage.py changepassword {username}\n"
                    '(or use the "change password" form in the admin).'
                )
            )
        else:
            self.stdout.write(f"Admin account {username!r} is ready.")
