"""theodoi: theo dõi thực hiện các kế hoạch triển khai Nghị quyết 57-NQ/TW."""
