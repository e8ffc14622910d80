"""What if: a change of the law (a reform file) measured on coverage requests and on a month of claims."""
