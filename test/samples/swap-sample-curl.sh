# The seed prints this on one line; its "\ " was a line continuation before the text was flattened.
curl -H "Authorization: Bearer YOUR_API_KEY" \
"https://api.secretcryptos.com/v1/meta/mixer"
