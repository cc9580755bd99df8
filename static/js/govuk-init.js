// GOV.UK Frontend 5 start-of-<body> snippet, kept in a file so the CSP needs no
// inline script. Load it as the first thing in <body>: <script src="...">.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
