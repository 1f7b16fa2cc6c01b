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
        generated = ensure_admin_account(
            username, os.environ.get("ADMIN_PASSWORD", ""), os.environ.get("ADMIN_EMAIL", "")
        )
        if generated:
            self.stdout.write(
                f"Created admin account {username!r} with password: {generated}\n"
                "(shown once; set ADMIN_PASSWORD to choose your own)"
            )
        else:
            self.stdout.write(f"Admin account {username!r} is ready.")
